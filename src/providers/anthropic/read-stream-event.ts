import type { AnthropicStreamEvent, AnthropicUsage } from './anthropic-api-schemas.js';

/*
 * The rules of `anthropicStreamEventSchema`, checked by hand: a stream has dozens of events and the
 * schema's generic walk (copying every loose object) cost more than the rest of the conversion.
 * read-stream-event.test.ts checks that both accept and reject the same values.
 */

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNullish = (value: unknown): boolean => value === null || value === undefined;
const nullishString = (value: unknown): boolean => isNullish(value) || typeof value === 'string';
const nullishNumber = (value: unknown): boolean => isNullish(value) || (typeof value === 'number' && Number.isFinite(value));
const isIndex = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);

function allNullishStrings(object: Fields, names: readonly string[]): boolean {
  for (const name of names) if (!nullishString(object[name])) return false;
  return true;
}

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
const DELTA_STRINGS = ['text', 'thinking', 'signature', 'partial_json'] as const;

function isContentBlock(value: unknown): boolean {
  if (!isObject(value) || typeof value.type !== 'string' || !allNullishStrings(value, BLOCK_STRINGS)) return false;
  return isNullish(value.citations) || Array.isArray(value.citations);
}

function isErrorObject(value: unknown): boolean {
  if (!isObject(value) || !nullishString(value.type) || !nullishString(value.message)) return false;
  return isNullish(value.details) || (isObject(value.details) && nullishString(value.details.error_code));
}

/** One of the events the converter reads, typed; undefined when `data` breaks the schema's rules. */
export function readStreamEvent(data: unknown): AnthropicStreamEvent | undefined {
  if (!isObject(data)) return undefined;
  const valid = (() => {
    switch (data.type) {
      case 'message_start': {
        const message = data.message;
        return isObject(message) && nullishString(message.id) && nullishString(message.model) && isNullishUsage(message.usage);
      }
      case 'content_block_start':
        return isIndex(data.index) && isContentBlock(data.content_block);
      case 'content_block_delta': {
        const delta = data.delta;
        return isIndex(data.index) && isObject(delta) && typeof delta.type === 'string' && allNullishStrings(delta, DELTA_STRINGS);
      }
      case 'content_block_stop':
        return isIndex(data.index);
      case 'message_delta': {
        const delta = data.delta;
        return (isNullish(delta) || (isObject(delta) && nullishString(delta.stop_reason) && nullishString(delta.stop_sequence))) && isNullishUsage(data.usage);
      }
      case 'message_stop':
      case 'ping':
        return true;
      case 'error':
        return isErrorObject(data.error);
      default:
        return false;
    }
  })();
  return valid ? (data as AnthropicStreamEvent) : undefined;
}
