import { allNullishStrings, isNullish, isObject, nullishNumber, nullishString, type Fields } from '../shared/shape-checks.js';
import type { AnthropicUsage } from './anthropic-api-schemas.js';

/*
 * Pieces of `anthropic-api-schemas.ts` checked by hand (see read-stream-event.ts, read-message.ts);
 * their tests compare them with the schemas on generated values.
 */

/** An `anthropicUsageSchema` value, or null/undefined. */
export function isNullishUsage(value: unknown): value is AnthropicUsage | null | undefined {
  if (isNullish(value)) return true;
  if (!isObject(value)) return false;
  if (!nullishNumber(value.input_tokens) || !nullishNumber(value.cache_creation_input_tokens) || !nullishNumber(value.cache_read_input_tokens) || !nullishNumber(value.output_tokens)) {
    return false;
  }
  const details = value.output_tokens_details;
  return isNullish(details) || (isObject(details) && nullishNumber(details.thinking_tokens));
}

const BLOCK_STRINGS = ['text', 'thinking', 'signature', 'data', 'id', 'name'] as const;

/** An `anthropicContentBlockSchema` value. */
export function isContentBlock(value: unknown): value is Fields {
  if (!isObject(value) || typeof value.type !== 'string' || !allNullishStrings(value, BLOCK_STRINGS)) return false;
  return isNullish(value.citations) || Array.isArray(value.citations);
}

/** An `anthropicErrorObjectSchema` value. */
export function isErrorObject(value: unknown): boolean {
  if (!isObject(value) || !nullishString(value.type) || !nullishString(value.message)) return false;
  return isNullish(value.details) || (isObject(value.details) && nullishString(value.details.error_code));
}
