/**
 * The instruction that asks a model without assistant prefill (Chat Completions) to carry on from
 * a cut answer. Kept literal so simulators and tests can recognise it.
 */
export const CONTINUE_INSTRUCTION =
  'Your previous reply was cut off by a network failure. Continue it exactly where it stopped: do not repeat anything already written, do not add a preamble, start with the next character.';

/**
 * Continues a broken stream on a Chat Completions provider: the partial answer goes back as the
 * assistant's message, followed by an explicit instruction to carry on from its last character.
 */
export function continueWithInstruction(body: Record<string, unknown>, assistantText: string): Record<string, unknown> {
  const messages = Array.isArray(body.messages) ? [...(body.messages as unknown[])] : [];
  if (assistantText.trim() !== '') {
    messages.push({ role: 'assistant', content: assistantText.trimEnd() }, { role: 'user', content: CONTINUE_INSTRUCTION });
  }
  return { ...body, messages };
}
