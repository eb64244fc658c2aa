import { z } from 'zod';

/*
 * Zod schemas of what the Anthropic API sends back. Minimal and lenient: unknown fields pass
 * (`looseObject`), optional ones are `nullish`, so a new API field never fails a response.
 */

/** `usage` of a Message, message_start or message_delta (message_delta counts are cumulative). */
export const anthropicUsageSchema = z.looseObject({
  input_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  output_tokens_details: z.looseObject({ thinking_tokens: z.number().nullish() }).nullish(),
});
/** Parsed usage object. */
export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;

/** A response content block; only `type` is required, the converter reads the rest per type. */
export const anthropicContentBlockSchema = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  citations: z.array(z.unknown()).nullish(),
  thinking: z.string().nullish(),
  signature: z.string().nullish(),
  data: z.string().nullish(),
  id: z.string().nullish(),
  name: z.string().nullish(),
  input: z.unknown().optional(),
});
/** Parsed response content block. */
export type AnthropicContentBlock = z.infer<typeof anthropicContentBlockSchema>;

/** A non-streamed Message. */
export const anthropicMessageSchema = z.looseObject({
  id: z.string(),
  type: z.string().nullish(),
  model: z.string(),
  content: z.array(anthropicContentBlockSchema),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  usage: anthropicUsageSchema.nullish(),
});
/** Parsed non-streamed Message. */
export type AnthropicMessage = z.infer<typeof anthropicMessageSchema>;

/** The `error` object of the error envelope (body of a non-2xx answer, or an SSE `error` event). */
export const anthropicErrorObjectSchema = z.looseObject({
  type: z.string().nullish(),
  message: z.string().nullish(),
  details: z.looseObject({ error_code: z.string().nullish() }).nullish(),
});
/** The whole error envelope of a non-2xx answer. */
export const anthropicErrorBodySchema = z.looseObject({
  type: z.string().nullish(),
  error: anthropicErrorObjectSchema,
  request_id: z.string().nullish(),
});
/** Parsed inner `error` object. */
export type AnthropicErrorObject = z.infer<typeof anthropicErrorObjectSchema>;

/** Every SSE event the stream converter reads; other event types are ignored. */
export const anthropicStreamEventSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('message_start'),
    message: z.looseObject({ id: z.string().nullish(), model: z.string().nullish(), usage: anthropicUsageSchema.nullish() }),
  }),
  z.looseObject({ type: z.literal('content_block_start'), index: z.number(), content_block: anthropicContentBlockSchema }),
  z.looseObject({
    type: z.literal('content_block_delta'),
    index: z.number(),
    delta: z.looseObject({
      type: z.string(),
      text: z.string().nullish(),
      thinking: z.string().nullish(),
      signature: z.string().nullish(),
      partial_json: z.string().nullish(),
    }),
  }),
  z.looseObject({ type: z.literal('content_block_stop'), index: z.number() }),
  z.looseObject({
    type: z.literal('message_delta'),
    delta: z.looseObject({ stop_reason: z.string().nullish(), stop_sequence: z.string().nullish() }).nullish(),
    usage: anthropicUsageSchema.nullish(),
  }),
  z.looseObject({ type: z.literal('message_stop') }),
  z.looseObject({ type: z.literal('ping') }),
  z.looseObject({ type: z.literal('error'), error: anthropicErrorObjectSchema }),
]);
/** Parsed SSE event. */
export type AnthropicStreamEvent = z.infer<typeof anthropicStreamEventSchema>;

/** Answer of POST /v1/messages/count_tokens. */
export const anthropicCountTokensSchema = z.looseObject({ input_tokens: z.number() });
