import { splitContinuation, type ContinuationRequest } from '../continuation.js';
import type { ResponsesInputItem, ResponsesRequest } from './responses-request-schema.js';

interface ItemAsMessage {
  role: string;
  content: Array<{ type: 'text'; text: string }>;
  item: ResponsesInputItem;
}

/** Message items keep their role; a call output is the tool's turn; every other item is the model's. */
function roleOf(item: ResponsesInputItem): string {
  const type = item.type ?? 'message';
  if (type === 'message') return item.role ?? 'user';
  return type.endsWith('_output') ? 'tool' : 'assistant';
}

/** `input_text` / `output_text` parts (or string content) as the text blocks splitContinuation reads. */
function textBlocks(item: ResponsesInputItem): Array<{ type: 'text'; text: string }> {
  if ((item.type ?? 'message') !== 'message') return [];
  if (typeof item.content === 'string') return [{ type: 'text', text: item.content }];
  return (item.content ?? []).flatMap((part) => (typeof part.text === 'string' && (part.type === 'input_text' || part.type === 'output_text') ? [{ type: 'text' as const, text: part.text }] : []));
}

/**
 * A continuation in a Responses `input`, read as Chat Completions' is (simulators/continuation.ts):
 * input ending with an assistant `message` is a prefill; an assistant `message` then a user one
 * asking to continue a cut reply is an instruction. The request comes back without them.
 */
export function splitResponsesContinuation(request: ResponsesRequest): { request: ResponsesRequest; continuation: ContinuationRequest | undefined } {
  if (typeof request.input === 'string') return { request, continuation: undefined };
  const messages: ItemAsMessage[] = request.input.map((item) => ({ role: roleOf(item), content: textBlocks(item), item }));
  const last = messages.at(-1);
  // A trailing call or reasoning item is the model's turn too, but no text to continue.
  if (last?.role === 'assistant' && (last.item.type ?? 'message') !== 'message') return { request, continuation: undefined };
  const split = splitContinuation(messages);
  if (split.request === undefined) return { request, continuation: undefined };
  return { request: { ...request, input: split.messages.map((message) => message.item) }, continuation: split.request };
}
