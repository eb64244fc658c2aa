/**
 * Removes `thinking` blocks with an empty signature from a passthrough body's assistant messages.
 *
 * Why: Lifeline renders reasoning from non-Anthropic providers to Anthropic clients as thinking
 * blocks with `signature: ""` (they have no signature). A client sends them back on its next
 * turn; if that turn reaches Anthropic, the API rejects the unsigned blocks with a 400 that no
 * failover can fix. Anthropic itself never sends an empty signature, so nothing real is lost.
 * Returns the body itself (no copy) when there is nothing to remove, which is the usual case.
 */
export function stripUnsignedThinking(body: Record<string, unknown>): Record<string, unknown> {
  const messages = body['messages'];
  if (!Array.isArray(messages) || !messages.some(hasUnsignedThinking)) return body;
  return {
    ...body,
    messages: messages.map((message: unknown) => {
      if (!hasUnsignedThinking(message)) return message;
      const typed = message as { content: unknown[] };
      return { ...typed, content: typed.content.filter((block) => !isUnsignedThinking(block)) };
    }),
  };
}

function hasUnsignedThinking(message: unknown): boolean {
  if (typeof message !== 'object' || message === null) return false;
  const { role, content } = message as { role?: unknown; content?: unknown };
  return role === 'assistant' && Array.isArray(content) && content.some(isUnsignedThinking);
}

function isUnsignedThinking(block: unknown): boolean {
  if (typeof block !== 'object' || block === null) return false;
  const { type, signature } = block as { type?: unknown; signature?: unknown };
  return type === 'thinking' && (signature === '' || signature === undefined || signature === null);
}

import type { ByteChunks } from '../../core/byte-chunks.js';

const THINKING_VALUE = Buffer.from('"thinking"');
const SIGNATURE_KEY = Buffer.from('"signature"');

function previousNonWhitespace(bytes: Buffer, before: number): number | undefined {
  let index = before - 1;
  while (index >= 0 && (bytes[index] === 0x20 || bytes[index] === 0x0a || bytes[index] === 0x0d || bytes[index] === 0x09)) index--;
  return bytes[index];
}

function nextNonWhitespaceIndex(bytes: Buffer, from: number): number {
  let index = from;
  while (bytes[index] === 0x20 || bytes[index] === 0x0a || bytes[index] === 0x0d || bytes[index] === 0x09) index++;
  return index;
}

/**
 * The cheap look at raw body bytes (valid JSON) before passing them through unparsed: false when
 * they certainly hold no thinking block without a signature, so {@link stripUnsignedThinking}
 * would change nothing. A thinking block shows as the string value `"thinking"` (after a colon;
 * the `thinking` request option is a key, and text quoting the word is escaped); every such value
 * needs a non-empty `"signature"` beside it, so fewer non-empty signatures than thinking values
 * means the body must be parsed and stripped. Only a signature-named field elsewhere (inside a
 * tool's input) could make an unsigned block slip through, and then the API's own 400 comes back.
 */
export function mayHoldUnsignedThinking(bytes: Buffer): boolean {
  let thinkingValues = 0;
  for (let index = bytes.indexOf(THINKING_VALUE); index !== -1; index = bytes.indexOf(THINKING_VALUE, index + THINKING_VALUE.length)) {
    if (previousNonWhitespace(bytes, index) === 0x3a) thinkingValues++;
  }
  if (thinkingValues === 0) return false;
  let signed = 0;
  for (let index = bytes.indexOf(SIGNATURE_KEY); index !== -1; index = bytes.indexOf(SIGNATURE_KEY, index + SIGNATURE_KEY.length)) {
    const colon = nextNonWhitespaceIndex(bytes, index + SIGNATURE_KEY.length);
    if (bytes[colon] !== 0x3a) continue;
    const value = nextNonWhitespaceIndex(bytes, colon + 1);
    if (bytes[value] === 0x22 && bytes[value + 1] !== 0x22) signed++;
  }
  return signed < thinkingValues;
}

/**
 * {@link mayHoldUnsignedThinking} on a body still in its socket chunks: false without joining them
 * when no chunk, nor any seam between two, holds `"thinking"` (the usual case); otherwise the
 * chunks are joined and read as one.
 */
export function chunksMayHoldUnsignedThinking(bytes: ByteChunks): boolean {
  if (bytes.chunks.length === 1) return mayHoldUnsignedThinking(bytes.chunks[0]!);
  const reach = THINKING_VALUE.length - 1;
  let seam = 0;
  let found = false;
  for (const chunk of bytes.chunks) {
    if (chunk.includes(THINKING_VALUE) || (seam > 0 && bytes.slice(Math.max(0, seam - reach), Math.min(bytes.length, seam + reach)).includes(THINKING_VALUE))) {
      found = true;
      break;
    }
    seam += chunk.length;
  }
  return found && mayHoldUnsignedThinking(bytes.join());
}
