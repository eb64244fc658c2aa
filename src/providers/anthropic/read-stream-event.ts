import { allNullishStrings, isFiniteNumber as isIndex, isNullish, isObject, nullishString, type Fields } from '../shared/shape-checks.js';
import type { AnthropicStreamEvent } from './anthropic-api-schemas.js';
import { isContentBlock, isErrorObject, isNullishUsage } from './anthropic-shapes.js';

/*
 * The rules of `anthropicStreamEventSchema`, checked by hand: a stream has dozens of events and the
 * schema's generic walk (copying every loose object) cost more than the rest of the conversion.
 * read-stream-event.test.ts checks that both accept and reject the same values.
 */

const DELTA_STRINGS = ['text', 'thinking', 'signature', 'partial_json'] as const;

/** One of the events the converter reads, typed; undefined when `data` breaks the schema's rules. */
export function readStreamEvent(data: unknown): AnthropicStreamEvent | undefined {
  return isObject(data) && isValidEvent(data) ? (data as AnthropicStreamEvent) : undefined;
}

function isValidEvent(data: Fields): boolean {
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
}
