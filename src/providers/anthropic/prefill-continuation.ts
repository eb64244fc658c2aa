/**
 * Continues a broken stream on Anthropic by prefilling the assistant turn with the text the client
 * already has: the model carries on from the last character. Prefill is refused with extended
 * thinking and with trailing whitespace, so thinking is switched off for this one call (with the
 * context-management edits that only apply to thinking) and the prefix is right-trimmed; the
 * pipeline restores the trimmed whitespace when it joins the texts.
 */
export function prefillContinuation(body: Record<string, unknown>, assistantText: string): Record<string, unknown> {
  const prefix = assistantText.trimEnd();
  const { thinking: _thinking, ...rest } = body;
  const messages = Array.isArray(body.messages) ? [...(body.messages as unknown[])] : [];
  if (prefix !== '') {
    const last = messages.at(-1) as { role?: unknown; content?: unknown } | undefined;
    if (last?.role === 'assistant') {
      // The client already prefilled: the model's text follows its content.
      const content = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : Array.isArray(last.content) ? last.content : [];
      messages[messages.length - 1] = { ...last, content: [...content, { type: 'text', text: prefix }] };
    } else {
      messages.push({ role: 'assistant', content: [{ type: 'text', text: prefix }] });
    }
  }
  const continued: Record<string, unknown> = { ...rest, messages };
  const management = body.context_management as { edits?: unknown } | undefined;
  if (management && Array.isArray(management.edits)) {
    const edits = management.edits.filter((edit) => !String((edit as { type?: unknown }).type ?? '').startsWith('clear_thinking'));
    if (edits.length > 0) continued.context_management = { ...management, edits };
    else delete continued.context_management;
  }
  return continued;
}
