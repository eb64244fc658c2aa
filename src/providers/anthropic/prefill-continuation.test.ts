import { describe, expect, it } from 'vitest';
import { prefillContinuation } from './prefill-continuation.js';

describe('prefillContinuation', () => {
  it('appends the trimmed text as an assistant turn and drops thinking', () => {
    const body = {
      model: 'm',
      thinking: { type: 'adaptive' },
      context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
      messages: [{ role: 'user', content: 'hi' }],
    };
    expect(prefillContinuation(body, 'Hello wor  ')).toEqual({
      model: 'm',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: [{ type: 'text', text: 'Hello wor' }] },
      ],
    });
  });

  it('extends a client prefill instead of adding a second assistant turn', () => {
    const body = { messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: '{"a":' }] };
    expect(prefillContinuation(body, ' 1')).toMatchObject({
      messages: [{ role: 'user' }, { role: 'assistant', content: [{ type: 'text', text: '{"a":' }, { type: 'text', text: ' 1' }] }],
    });
  });

  it('keeps context-management edits that do not concern thinking', () => {
    const body = { messages: [], context_management: { edits: [{ type: 'clear_tool_uses_20250919' }, { type: 'clear_thinking_20251015' }] } };
    expect(prefillContinuation(body, 'x').context_management).toEqual({ edits: [{ type: 'clear_tool_uses_20250919' }] });
  });
});
