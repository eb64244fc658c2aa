import { z } from 'zod';

/*
 * Zod schemas of the inbound Anthropic Messages request. Lenient on purpose: every object keeps
 * fields it does not name (`looseObject`), so new API fields reach providerOptions or RawParts
 * instead of being rejected. Only what the translator reads is checked.
 */

/** Any content block: only `type` is checked here; each known type has its own schema below. */
export const anyBlockSchema = z.looseObject({ type: z.string() });

/** `content` of a message: a string or an array of blocks. */
export const messageContentSchema = z.union([z.string(), z.array(anyBlockSchema)]);

/** One entry of `messages`. `system` is Claude Code's in-conversation system message. */
export const messageSchema = z.looseObject({
  role: z.enum(['user', 'assistant', 'system']),
  content: messageContentSchema,
});

/** The top-level request; fields not named here go to providerOptions.anthropic verbatim. */
export const requestSchema = z.looseObject({
  model: z.string(),
  max_tokens: z.number().int().min(1),
  messages: z.array(messageSchema),
  system: z.union([z.string(), z.array(anyBlockSchema)]).nullish(),
  tools: z.array(z.looseObject({})).nullish(),
  tool_choice: z.looseObject({ type: z.string() }).nullish(),
  stop_sequences: z.array(z.string()).nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  top_k: z.number().int().nullish(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).nullish(),
  stream: z.boolean().nullish(),
});
/** The validated top-level request. */
export type AnthropicRequestBody = z.infer<typeof requestSchema>;

/** `text` block (also the only block type `system` takes). */
export const textBlockSchema = z.looseObject({ type: z.literal('text'), text: z.string() });

const base64SourceSchema = z.looseObject({ type: z.literal('base64'), media_type: z.string(), data: z.string() });
const urlSourceSchema = z.looseObject({ type: z.literal('url'), url: z.string() });
const fileSourceSchema = z.looseObject({ type: z.literal('file'), file_id: z.string() });
const plainTextSourceSchema = z.looseObject({ type: z.literal('text'), media_type: z.string().nullish(), data: z.string() });
const contentSourceSchema = z.looseObject({ type: z.literal('content'), content: messageContentSchema });

/** `image` block: base64, url or file source. */
export const imageBlockSchema = z.looseObject({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [base64SourceSchema, urlSourceSchema, fileSourceSchema]),
});

/** `document` block: PDF (base64/url), provider file, plain text or inline content. */
export const documentBlockSchema = z.looseObject({
  type: z.literal('document'),
  source: z.discriminatedUnion('type', [base64SourceSchema, urlSourceSchema, fileSourceSchema, plainTextSourceSchema, contentSourceSchema]),
  title: z.string().nullish(),
});

/** `thinking` block as returned earlier by the API, with its signature. */
export const thinkingBlockSchema = z.looseObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() });
/** `redacted_thinking` block (opaque `data`). */
export const redactedThinkingBlockSchema = z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() });

/** `tool_use` block of an assistant message; `input` must be an object. */
export const toolUseBlockSchema = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.record(z.string(), z.unknown()),
});

/** `tool_result` block of a user message. */
export const toolResultBlockSchema = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: messageContentSchema.nullish(),
  is_error: z.boolean().nullish(),
});

/** A custom (client-executed) tool: no `type`, or `type: "custom"`. */
export const customToolSchema = z.looseObject({
  type: z.literal('custom').nullish(),
  name: z.string(),
  description: z.string().nullish(),
  input_schema: z.record(z.string(), z.unknown()),
  strict: z.boolean().nullish(),
});

/** `tool_choice`: auto, any, tool (by name) or none. */
export const toolChoiceSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().nullish() }),
  z.looseObject({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().nullish() }),
  z.looseObject({ type: z.literal('tool'), name: z.string(), disable_parallel_tool_use: z.boolean().nullish() }),
  z.looseObject({ type: z.literal('none') }),
]);
