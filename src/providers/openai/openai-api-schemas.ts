import { z } from 'zod';

/**
 * Zod schemas of what OpenAI (and compatible servers) send back. Minimal and lenient: unknown keys
 * stay, optional fields accept null, so a server that adds or omits fields still parses.
 */

/** `usage` of responses and of the last stream chunk. */
export const openaiUsageSchema = z.looseObject({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
  prompt_tokens_details: z.looseObject({ cached_tokens: z.number().nullish(), cache_write_tokens: z.number().nullish() }).nullish(),
  completion_tokens_details: z.looseObject({ reasoning_tokens: z.number().nullish() }).nullish(),
});
export type OpenAIUsage = z.infer<typeof openaiUsageSchema>;

const toolCallSchema = z.looseObject({
  id: z.string().nullish(),
  type: z.string().nullish(),
  function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});

/** A non-streamed `chat.completion`. */
export const openaiResponseSchema = z.looseObject({
  id: z.string().nullish(),
  created: z.number().nullish(),
  model: z.string().nullish(),
  choices: z.array(
    z.looseObject({
      index: z.number().nullish(),
      message: z.looseObject({
        role: z.string().nullish(),
        // Some compatible servers answer with text parts instead of a string.
        content: z.union([z.string(), z.array(z.looseObject({ type: z.string().nullish(), text: z.string().nullish() }))]).nullish(),
        refusal: z.string().nullish(),
        tool_calls: z.array(toolCallSchema).nullish(),
      }),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: openaiUsageSchema.nullish(),
  service_tier: z.string().nullish(),
  system_fingerprint: z.string().nullish(),
});
export type OpenAIResponse = z.infer<typeof openaiResponseSchema>;

/** One `chat.completion.chunk` of a stream. */
export const openaiChunkSchema = z.looseObject({
  id: z.string().nullish(),
  created: z.number().nullish(),
  model: z.string().nullish(),
  choices: z
    .array(
      z.looseObject({
        index: z.number().nullish(),
        delta: z
          .looseObject({
            role: z.string().nullish(),
            content: z.string().nullish(),
            refusal: z.string().nullish(),
            tool_calls: z.array(toolCallSchema.extend({ index: z.number().nullish() })).nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: openaiUsageSchema.nullish(),
  service_tier: z.string().nullish(),
  system_fingerprint: z.string().nullish(),
});
export type OpenAIChunk = z.infer<typeof openaiChunkSchema>;

/** The error envelope `{"error":{message,type,param,code}}` (also sent as a stream data object). */
export const openaiErrorBodySchema = z.looseObject({
  error: z.looseObject({
    message: z.string().nullish(),
    type: z.string().nullish(),
    param: z.string().nullish(),
    // Some compatible servers send numeric codes.
    code: z.union([z.string(), z.number()]).nullish(),
  }),
});
export type OpenAIErrorBody = z.infer<typeof openaiErrorBodySchema>;
