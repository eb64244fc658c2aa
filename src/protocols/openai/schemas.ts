import { z } from 'zod';

/**
 * Zod schemas of the inbound Chat Completions request. Lenient: unknown keys stay (`looseObject`)
 * and optional fields accept `null`, because clients send both. Unions whose error messages matter
 * (message `content`) are checked in code by parse-request.ts instead.
 */

/** `{type:"text", text}` content part. */
export const textPartSchema = z.looseObject({ type: z.literal('text'), text: z.string() });

/** `{type:"image_url", image_url:{url, detail?}}` content part. */
export const imagePartSchema = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({ url: z.string(), detail: z.string().nullish() }),
});

/** `{type:"file", file:{file_data?, file_id?, filename?}}` content part. */
export const filePartSchema = z.looseObject({
  type: z.literal('file'),
  file: z.looseObject({ file_data: z.string().nullish(), file_id: z.string().nullish(), filename: z.string().nullish() }),
});

/** `{type:"refusal", refusal}` assistant content part. */
export const refusalPartSchema = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

/** Any content part: only `type` is checked here, the part itself by its own schema. */
export const anyPartSchema = z.looseObject({ type: z.string() });

/** Assistant `tool_calls[]` entry (function or custom). */
export const toolCallSchema = z.looseObject({
  id: z.string(),
  type: z.string().nullish(),
  function: z.looseObject({ name: z.string(), arguments: z.string().nullish() }).nullish(),
});

/** Every message: only the role is checked first, so the error names the bad role. */
export const messageRoleSchema = z.looseObject({ role: z.string() });

export const systemMessageSchema = z.looseObject({ role: z.string(), content: z.unknown(), name: z.string().nullish() });

export const userMessageSchema = z.looseObject({ role: z.literal('user'), content: z.unknown(), name: z.string().nullish() });

export const assistantMessageSchema = z.looseObject({
  role: z.literal('assistant'),
  content: z.unknown().optional(),
  refusal: z.string().nullish(),
  tool_calls: z.array(z.unknown()).nullish(),
  name: z.string().nullish(),
});

export const toolMessageSchema = z.looseObject({ role: z.literal('tool'), tool_call_id: z.string(), content: z.unknown() });

/** `tools[]` entry; `function` tools are checked further. */
export const toolSchema = z.looseObject({ type: z.string() });

export const functionToolSchema = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string(),
    description: z.string().nullish(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
    strict: z.boolean().nullish(),
  }),
});

export const namedToolChoiceSchema = z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string() }) });

export const responseFormatSchema = z.looseObject({
  type: z.enum(['text', 'json_object', 'json_schema']),
  json_schema: z
    .looseObject({
      name: z.string().nullish(),
      description: z.string().nullish(),
      schema: z.record(z.string(), z.unknown()).nullish(),
      strict: z.boolean().nullish(),
    })
    .nullish(),
});

/** The top level of `POST /v1/chat/completions`. */
export const chatCompletionRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(z.unknown()).min(1),
  stream: z.boolean().nullish(),
  max_completion_tokens: z.number().int().nonnegative().nullish(),
  max_tokens: z.number().int().nonnegative().nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  seed: z.number().int().nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  user: z.string().nullish(),
  tools: z.array(z.unknown()).nullish(),
  tool_choice: z.unknown().optional(),
  parallel_tool_calls: z.boolean().nullish(),
  response_format: z.unknown().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
});

export type ChatCompletionRequestBody = z.infer<typeof chatCompletionRequestSchema>;
