import type { CanonicalRequest } from '../../canonical/index.js';

/**
 * Words of the cut answer the instruction asks the model to write again first. They are the
 * evidence the seam reconciler (pipeline/seam-reconciler.ts) looks for: a model that starts with
 * them is continuing this answer; one that starts elsewhere is not, and its text is never spliced.
 */
export const ANCHOR_WORDS = 8;

/** Markers around the anchor, on lines of their own so the words inside stay exactly as written. */
export const ANCHOR_OPEN = '<<<';
export const ANCHOR_CLOSE = '>>>';

/** The last {@link ANCHOR_WORDS} whitespace-separated words of `assistantText`, as written. */
export function continuationAnchor(assistantText: string): string {
  const words = assistantText.trim().split(/\s+/).filter((word) => word !== '');
  return words.slice(-ANCHOR_WORDS).join(' ');
}

/**
 * The user message that asks a model without usable prefill to carry on from a cut answer. Models
 * asked only to "continue without repeating" often answer the whole question again, so this one
 * asks for something checkable instead: start with the answer's last words, then go on.
 */
export function continuationInstruction(assistantText: string): string {
  return [
    'Your previous reply was cut off by a network failure. Continue it from where it stopped: begin your reply with the last words you wrote,',
    'exactly as they appear between the markers below, then carry on with the rest of the answer. Do not start over, do not repeat anything',
    'written before those words, and add no preamble.',
    ANCHOR_OPEN,
    continuationAnchor(assistantText),
    ANCHOR_CLOSE,
  ].join('\n');
}

/**
 * Appends the cut answer as the assistant's turn and the instruction after it, for message lists
 * in either format (string content is valid in both). Nothing is added when no text was sent.
 */
export function withContinuationInstruction(messages: readonly unknown[], assistantText: string): unknown[] {
  if (assistantText.trim() === '') return [...messages];
  return [...messages, { role: 'assistant', content: assistantText.trimEnd() }, { role: 'user', content: continuationInstruction(assistantText) }];
}

/**
 * A canonical request with the cut answer as the model's turn and the instruction after it, for
 * adapters that translate from canonical (Gemini, Bedrock Converse). Unchanged when no text was sent.
 */
export function withCanonicalContinuation(request: CanonicalRequest, assistantText: string): CanonicalRequest {
  if (assistantText.trim() === '') return request;
  return {
    ...request,
    messages: [
      ...request.messages,
      { role: 'assistant', content: [{ type: 'text', text: assistantText.trimEnd() }] },
      { role: 'user', content: [{ type: 'text', text: continuationInstruction(assistantText) }] },
    ],
  };
}
