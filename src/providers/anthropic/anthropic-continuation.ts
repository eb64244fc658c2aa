import type { ContinuationMethod } from '../provider-adapter.js';
import { withContinuationInstruction } from '../shared/continuation-instruction.js';

/**
 * Continues a broken stream on Anthropic from the text the client already has:
 * - `prefill`: the assistant turn is prefilled with that text and the model carries on from its
 *   last character. Prefill is refused with extended thinking and with trailing whitespace, so
 *   thinking is switched off for this one call (with the context-management edits that only apply
 *   to thinking) and the prefix is right-trimmed; the relay restores the whitespace at the seam.
 * - `instruction`, for models that refuse prefill (Claude from 4.6 on): the text as the assistant's
 *   turn, then the request to go on from its last words; thinking is switched off the same way,
 *   since a continuation's reasoning is never shown.
 */
export function continueAnthropicRequest(body: Record<string, unknown>, assistantText: string, method: ContinuationMethod): Record<string, unknown> {
  const continued = withoutThinking(body);
  const messages = Array.isArray(body.messages) ? [...(body.messages as unknown[])] : [];
  const prefix = assistantText.trimEnd();
  if (prefix === '') return { ...continued, messages };
  const last = messages.at(-1) as { role?: unknown; content?: unknown } | undefined;
  if (last?.role === 'assistant') {
    // The client already prefilled: the model's text follows its content.
    const content = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : Array.isArray(last.content) ? last.content : [];
    messages[messages.length - 1] = { ...last, content: [...content, { type: 'text', text: prefix }] };
    if (method === 'prefill') return { ...continued, messages };
    return { ...continued, messages: [...messages, ...instructionOnly(assistantText)] };
  }
  if (method === 'instruction') return { ...continued, messages: withContinuationInstruction(messages, assistantText) };
  messages.push({ role: 'assistant', content: [{ type: 'text', text: prefix }] });
  return { ...continued, messages };
}

/** The instruction message alone, after an assistant turn that already holds the text. */
function instructionOnly(assistantText: string): unknown[] {
  return withContinuationInstruction([], assistantText).slice(1);
}

/** The body without `thinking` and without the context-management edits that only concern thinking. */
function withoutThinking(body: Record<string, unknown>): Record<string, unknown> {
  const { thinking: _thinking, ...rest } = body;
  const management = body.context_management as { edits?: unknown } | undefined;
  if (!management || !Array.isArray(management.edits)) return rest;
  const edits = management.edits.filter((edit) => !String((edit as { type?: unknown }).type ?? '').startsWith('clear_thinking'));
  const { context_management: _management, ...withoutManagement } = rest;
  return edits.length > 0 ? { ...withoutManagement, context_management: { ...management, edits } } : withoutManagement;
}
