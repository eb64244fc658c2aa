import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomText(length: number): string {
  const bytes = randomBytes(length);
  let text = '';
  for (const byte of bytes) text += ALPHABET[byte % ALPHABET.length];
  return text;
}

/**
 * A tool call id for a Gemini function call that came without one (Gemini's `id` is optional and
 * usually absent). Letters, digits and `_` only, so Anthropic's `tool_use.id` pattern accepts it.
 */
export function geminiToolCallId(): string {
  return `call_${randomText(24)}`;
}

/** A response id when Gemini sent no `responseId`. */
export function geminiResponseId(): string {
  return `gemini-${randomText(20)}`;
}
