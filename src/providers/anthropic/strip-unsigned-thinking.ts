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
