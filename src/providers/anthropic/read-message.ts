import { isObject, nullishString } from '../shared/shape-checks.js';
import type { AnthropicMessage } from './anthropic-api-schemas.js';
import { isContentBlock, isNullishUsage } from './anthropic-shapes.js';

/**
 * The rules of `anthropicMessageSchema`, checked by hand (every non-streamed answer goes through
 * here); undefined when `data` breaks them. read-message.test.ts compares it with the schema.
 */
export function readMessage(data: unknown): AnthropicMessage | undefined {
  if (!isObject(data) || typeof data.id !== 'string' || typeof data.model !== 'string' || !nullishString(data.type)) return undefined;
  if (!nullishString(data.stop_reason) || !nullishString(data.stop_sequence) || !isNullishUsage(data.usage)) return undefined;
  if (!Array.isArray(data.content)) return undefined;
  for (const block of data.content) if (!isContentBlock(block)) return undefined;
  return data as AnthropicMessage;
}
