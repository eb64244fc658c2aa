import { UpstreamHttpError } from '../../errors/index.js';

/**
 * Thinking-block signatures are meant to verify on every platform that serves the same Claude
 * (Anthropic's API, Bedrock, Vertex AI), so failover sends them unchanged. When a cloud still
 * refuses one (a block signed by another deployment, or altered on the way), the Messages API's
 * own rules say what may be done instead of failing the turn: thinking blocks of earlier turns
 * may be left out, and a request whose last assistant turn is a tool call in progress may run
 * with thinking switched off (a turn without thinking needs no thinking block).
 */
const SIGNATURE_REJECTION = /signature/i;

/** True for the 400 a cloud answers when it cannot verify a thinking block's signature. */
export function isThinkingSignatureRejection(error: unknown): boolean {
  return error instanceof UpstreamHttpError && error.status === 400 && error.failureClass === 'invalid_request' && SIGNATURE_REJECTION.test(error.providerMessage) && /thinking/i.test(error.providerMessage);
}

/**
 * The body without any thinking or redacted_thinking block in its assistant turns; when the last
 * assistant turn was left with a tool call but no thinking, `thinking` is switched off for this
 * request, as the API requires of such a turn.
 */
export function withoutUnverifiableThinking(body: Record<string, unknown>): Record<string, unknown> {
  const messages = Array.isArray(body['messages']) ? (body['messages'] as unknown[]) : [];
  let lastAssistantLostThinking = false;
  const cleaned = messages.map((message, index) => {
    if (!isAssistant(message) || !Array.isArray(message.content)) return message;
    const content = (message.content as unknown[]).filter((block) => !isThinking(block));
    if (content.length !== message.content.length && index === lastAssistantIndex(messages)) lastAssistantLostThinking = true;
    return { ...message, content };
  });
  const { thinking, ...rest } = body;
  const keepThinking = thinking !== undefined && !lastAssistantLostThinking;
  return { ...rest, ...(keepThinking ? { thinking } : {}), messages: cleaned };
}

function isAssistant(message: unknown): message is { role: 'assistant'; content: unknown } {
  return typeof message === 'object' && message !== null && (message as { role?: unknown }).role === 'assistant';
}

function isThinking(block: unknown): boolean {
  const type = typeof block === 'object' && block !== null ? (block as { type?: unknown }).type : undefined;
  return type === 'thinking' || type === 'redacted_thinking';
}

function lastAssistantIndex(messages: unknown[]): number {
  for (let index = messages.length - 1; index >= 0; index--) if (isAssistant(messages[index])) return index;
  return -1;
}
