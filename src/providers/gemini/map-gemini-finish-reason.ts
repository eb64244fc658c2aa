import type { FinishReason } from '../../canonical/index.js';

/**
 * Every `finishReason` (and prompt `blockReason`) Gemini documents, by what it means to a client.
 * A safety or policy stop is a finished answer (`content-filter`), never a failure: the request
 * would be blocked on any healthy Gemini target too, so it must not count as an outage.
 */
const UNIFIED: Readonly<Record<string, FinishReason['unified']>> = {
  STOP: 'stop',
  MAX_TOKENS: 'length',
  // Per-request token limit reached, resumable with a continuation token.
  CONTINUATION: 'length',
  SAFETY: 'content-filter',
  RECITATION: 'content-filter',
  LANGUAGE: 'content-filter',
  BLOCKLIST: 'content-filter',
  PROHIBITED_CONTENT: 'content-filter',
  SPII: 'content-filter',
  IMAGE_SAFETY: 'content-filter',
  IMAGE_PROHIBITED_CONTENT: 'content-filter',
  IMAGE_RECITATION: 'content-filter',
  MODEL_ARMOR: 'content-filter',
  // The model produced a call that is not valid: the turn ended without a usable answer.
  MALFORMED_FUNCTION_CALL: 'error',
  UNEXPECTED_TOOL_CALL: 'error',
  TOO_MANY_TOOL_CALLS: 'error',
  NO_IMAGE: 'other',
  IMAGE_OTHER: 'other',
  OTHER: 'other',
  FINISH_REASON_UNSPECIFIED: 'other',
};

/**
 * Gemini `finishReason` → canonical. Gemini says `STOP` after a function call too, so
 * `hasToolCalls` turns a STOP into `tool-calls`, which is what Anthropic and OpenAI clients expect.
 */
export function mapGeminiFinishReason(reason: string | null | undefined, options: { hasToolCalls: boolean }): FinishReason {
  const raw = reason ?? undefined;
  if (options.hasToolCalls && (reason === 'STOP' || reason === undefined || reason === null)) return { unified: 'tool-calls', raw };
  if (reason === undefined || reason === null) return { unified: 'other', raw };
  return { unified: UNIFIED[reason] ?? 'other', raw };
}

/** A blocked prompt (`promptFeedback.blockReason`): a content filter, with the reason kept. */
export function blockedPromptFinishReason(blockReason: string): FinishReason {
  return { unified: 'content-filter', raw: blockReason };
}
