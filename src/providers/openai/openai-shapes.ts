import { allNullishStrings, isNullish, isObject, nullishNumber, type Fields } from '../shared/shape-checks.js';
import type { OpenAIChunk, OpenAIResponse } from './openai-api-schemas.js';

/*
 * The rules of `openaiResponseSchema` and `openaiChunkSchema`, checked by hand: every answer and
 * every stream chunk goes through here, and the schemas' generic walk cost more than the
 * conversion. openai-shapes.test.ts compares both with the schemas on generated values.
 */

function isNullishUsage(value: unknown): boolean {
  if (isNullish(value)) return true;
  if (!isObject(value) || !nullishNumber(value.prompt_tokens) || !nullishNumber(value.completion_tokens) || !nullishNumber(value.total_tokens)) return false;
  const prompt = value.prompt_tokens_details;
  if (!isNullish(prompt) && !(isObject(prompt) && nullishNumber(prompt.cached_tokens) && nullishNumber(prompt.cache_write_tokens))) return false;
  const completion = value.completion_tokens_details;
  return isNullish(completion) || (isObject(completion) && nullishNumber(completion.reasoning_tokens));
}

function isToolCall(value: unknown, withIndex: boolean): boolean {
  if (!isObject(value) || !allNullishStrings(value, ['id', 'type'])) return false;
  if (withIndex && !nullishNumber(value.index)) return false;
  const fn = value.function;
  return isNullish(fn) || (isObject(fn) && allNullishStrings(fn, ['name', 'arguments']));
}

function isNullishToolCalls(value: unknown, withIndex: boolean): boolean {
  if (isNullish(value)) return true;
  if (!Array.isArray(value)) return false;
  for (const call of value) if (!isToolCall(call, withIndex)) return false;
  return true;
}

/** The fields a response and a chunk share. */
function hasEnvelope(data: Fields): boolean {
  return allNullishStrings(data, ['id', 'model', 'service_tier', 'system_fingerprint']) && nullishNumber(data.created) && isNullishUsage(data.usage);
}

function isMessageContent(value: unknown): boolean {
  if (isNullish(value) || typeof value === 'string') return true;
  if (!Array.isArray(value)) return false;
  for (const part of value) if (!isObject(part) || !allNullishStrings(part, ['type', 'text'])) return false;
  return true;
}

/** A `chat.completion`, typed; undefined when `data` breaks the schema's rules. */
export function readChatCompletion(data: unknown): OpenAIResponse | undefined {
  if (!isObject(data) || !hasEnvelope(data) || !Array.isArray(data.choices)) return undefined;
  for (const choice of data.choices) {
    if (!isObject(choice) || !nullishNumber(choice.index) || !allNullishStrings(choice, ['finish_reason'])) return undefined;
    const message = choice.message;
    if (!isObject(message) || !allNullishStrings(message, ['role', 'refusal']) || !isMessageContent(message.content) || !isNullishToolCalls(message.tool_calls, false)) return undefined;
  }
  return data as OpenAIResponse;
}

/** A `chat.completion.chunk`, typed; undefined when `data` breaks the schema's rules. */
export function readChunk(data: unknown): OpenAIChunk | undefined {
  if (!isObject(data) || !hasEnvelope(data)) return undefined;
  if (isNullish(data.choices)) return data as OpenAIChunk;
  if (!Array.isArray(data.choices)) return undefined;
  for (const choice of data.choices) {
    if (!isObject(choice) || !nullishNumber(choice.index) || !allNullishStrings(choice, ['finish_reason'])) return undefined;
    const delta = choice.delta;
    if (isNullish(delta)) continue;
    if (!isObject(delta) || !allNullishStrings(delta, ['role', 'content', 'refusal']) || !isNullishToolCalls(delta.tool_calls, true)) return undefined;
  }
  return data as OpenAIChunk;
}
