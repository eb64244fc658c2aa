import { createHash } from 'node:crypto';
import { isMintedReasoningItem } from './response-ids.js';

/**
 * The conversation of a Responses API exchange as input items, the form in which it is kept for
 * `previous_response_id` and listed by `GET /v1/responses/{id}/input_items`.
 */

/** `input` as items: a string is one user message, as the API lists it back. */
export function inputItemsOf(input: unknown): unknown[] {
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: input }] }];
  return Array.isArray(input) ? input : [];
}

/**
 * The input of a turn that names a previous response: what produced it, what it answered (its
 * output items — messages, function and custom tool calls, reasoning with any `encrypted_content`,
 * hosted-tool calls — replayed as they were returned, call ids unchanged so the new turn's outputs
 * pair with them on any target), then the new input. The previous `instructions` are not carried
 * over, as the API does not.
 */
export function continuedInput(previousInput: readonly unknown[], previousResponse: Record<string, unknown>, input: unknown): unknown[] {
  const output = Array.isArray(previousResponse.output) ? previousResponse.output : [];
  return [...previousInput, ...output, ...inputItemsOf(input)];
}

/**
 * `items` without the reasoning items Lifeline rendered itself (see isMintedReasoningItem): an
 * OpenAI target refuses them, and every other target drops reasoning items anyway. The same
 * array when there are none, so the common turn costs one scan.
 */
export function withoutMintedReasoning(items: unknown[]): unknown[] {
  return items.some(isMintedReasoningItem) ? items.filter((item) => !isMintedReasoningItem(item)) : items;
}

const ID_PREFIXES: Record<string, string> = { message: 'msg', function_call: 'fc', function_call_output: 'fco', custom_tool_call: 'ctc', custom_tool_call_output: 'ctco', reasoning: 'rs' };

/**
 * Input items with an `id` each, as `input_items` lists them: the client's own id where it sent
 * one, else one derived from the response id and the item's place, so it is the same on every
 * read (pages are fetched `after` an id) and on every instance.
 */
export function listedInputItems(responseId: string, items: readonly unknown[]): Array<Record<string, unknown>> {
  return items.map((item, index) => {
    const record = (item !== null && typeof item === 'object' ? item : {}) as Record<string, unknown>;
    const type = typeof record.type === 'string' ? record.type : 'message';
    if (typeof record.id === 'string' && record.id !== '') return { ...record, type };
    const digest = createHash('sha256').update(`${responseId}:${index}`).digest('hex').slice(0, 48);
    return { ...record, type, id: `${ID_PREFIXES[type] ?? 'item'}_${digest}` };
  });
}
