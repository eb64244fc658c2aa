const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';

function randomFrom(alphabet: string, length: number): string {
  // Math.random is enough here: ids only need to look real and not collide within a test run.
  let out = '';
  for (let index = 0; index < length; index++) {
    out += alphabet[Math.floor(Math.random() * alphabet.length)];
  }
  return out;
}

/** Random base62 string of `length` characters. */
export function randomBase62(length: number): string {
  return randomFrom(BASE62, length);
}

/** Random lower-case hex string of `length` characters. */
export function randomHex(length: number): string {
  return randomFrom(HEX, length);
}

/** Anthropic message id, e.g. `msg_01Vq7rTGm4Xc9KpLa2BnWs8E`. */
export const anthropicMessageId = (): string => `msg_01${randomBase62(22)}`;
/** Anthropic tool-use id, e.g. `toolu_01KzP8mWq3VbN6tYc2LdR9sA`. */
export const anthropicToolUseId = (): string => `toolu_01${randomBase62(22)}`;
/** Anthropic request id, e.g. `req_011CVb7Tv8XbE1cSn2WdYg7K`. */
export const anthropicRequestId = (): string => `req_011C${randomBase62(20)}`;
/** OpenAI completion id, e.g. `chatcmpl-CQz7xN4bKp2LmVt9RwHs3YdAe6Fg`. */
export const openaiCompletionId = (): string => `chatcmpl-${randomBase62(28)}`;
/** OpenAI tool-call id, e.g. `call_Vb3nQ8kLm2Xw7RtY1cPz5Jha`. */
export const openaiToolCallId = (): string => `call_${randomBase62(24)}`;
/** OpenAI request id, `req_` + 32 hex. */
export const openaiRequestId = (): string => `req_${randomHex(32)}`;
