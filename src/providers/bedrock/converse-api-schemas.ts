import { z } from 'zod';

/**
 * The parts of Converse's answers Lifeline reads (Bedrock `ConverseResponse` and the
 * `ConverseStream` events), loose so members AWS adds later pass through unread.
 */

/** `usage`: input, output and cache counts (`cacheReadInputTokens`, `cacheWriteInputTokens` for models that cache). */
export const converseUsageSchema = z.looseObject({
  inputTokens: z.number().int().nonnegative().nullish(),
  outputTokens: z.number().int().nonnegative().nullish(),
  totalTokens: z.number().int().nonnegative().nullish(),
  cacheReadInputTokens: z.number().int().nonnegative().nullish(),
  cacheWriteInputTokens: z.number().int().nonnegative().nullish(),
});
export type ConverseUsage = z.infer<typeof converseUsageSchema>;

const reasoningContentSchema = z.looseObject({
  reasoningText: z.looseObject({ text: z.string(), signature: z.string().nullish() }).nullish(),
  redactedContent: z.string().nullish(),
});

/** One content block of an answer: exactly one member is set. */
export const converseContentBlockSchema = z.looseObject({
  text: z.string().nullish(),
  toolUse: z.looseObject({ toolUseId: z.string(), name: z.string(), input: z.unknown() }).nullish(),
  reasoningContent: reasoningContentSchema.nullish(),
  image: z.looseObject({ format: z.string(), source: z.looseObject({ bytes: z.string().nullish() }) }).nullish(),
});
export type ConverseContentBlock = z.infer<typeof converseContentBlockSchema>;

/** `ConverseResponse`. */
export const converseResponseSchema = z.looseObject({
  output: z.looseObject({ message: z.looseObject({ role: z.string(), content: z.array(converseContentBlockSchema) }).nullish() }),
  stopReason: z.string(),
  usage: converseUsageSchema.nullish(),
  metrics: z.looseObject({ latencyMs: z.number().nullish() }).nullish(),
  additionalModelResponseFields: z.unknown().optional(),
  trace: z.unknown().optional(),
});
export type ConverseResponse = z.infer<typeof converseResponseSchema>;

/** `contentBlockStart`: only tool calls announce themselves (text and reasoning start with a delta). */
export const contentBlockStartSchema = z.looseObject({
  contentBlockIndex: z.number().int().nonnegative(),
  start: z.looseObject({ toolUse: z.looseObject({ toolUseId: z.string(), name: z.string() }).nullish() }),
});

/** `contentBlockDelta`: text, a fragment of a tool call's JSON input, or reasoning (text, then its signature). */
export const contentBlockDeltaSchema = z.looseObject({
  contentBlockIndex: z.number().int().nonnegative(),
  delta: z.looseObject({
    text: z.string().nullish(),
    toolUse: z.looseObject({ input: z.string() }).nullish(),
    reasoningContent: z.looseObject({ text: z.string().nullish(), signature: z.string().nullish(), redactedContent: z.string().nullish() }).nullish(),
  }),
});

export const contentBlockStopSchema = z.looseObject({ contentBlockIndex: z.number().int().nonnegative() });
export const messageStopSchema = z.looseObject({ stopReason: z.string(), additionalModelResponseFields: z.unknown().optional() });
export const streamMetadataSchema = z.looseObject({ usage: converseUsageSchema.nullish(), metrics: z.unknown().optional(), trace: z.unknown().optional() });

/** CountTokens' answer. */
export const countTokensResponseSchema = z.looseObject({ inputTokens: z.number().int().nonnegative() });
