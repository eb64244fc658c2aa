import { describe, expect, it } from 'vitest';
import { continuationInstruction } from '../shared/continuation-instruction.js';
import { continueAnthropicRequest } from './anthropic-continuation.js';

describe('continueAnthropicRequest', () => {
  const thinkingBody = {
    model: 'm',
    thinking: { type: 'adaptive' },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    messages: [{ role: 'user', content: 'hi' }],
  };

  it('prefill: appends the trimmed text as an assistant turn and drops thinking', () => {
    expect(continueAnthropicRequest(thinkingBody, 'Hello wor  ', 'prefill')).toEqual({
      model: 'm',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: [{ type: 'text', text: 'Hello wor' }] },
      ],
    });
  });

  it('instruction: the text as the assistant turn, then the request to go on from its last words', () => {
    expect(continueAnthropicRequest(thinkingBody, 'Hello wor  ', 'instruction')).toEqual({
      model: 'm',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'Hello wor' },
        { role: 'user', content: continuationInstruction('Hello wor') },
      ],
    });
  });

  it('extends a client prefill instead of adding a second assistant turn', () => {
    const body = { messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: '{"a":' }] };
    const extended = { role: 'assistant', content: [{ type: 'text', text: '{"a":' }, { type: 'text', text: ' 1' }] };
    expect(continueAnthropicRequest(body, ' 1', 'prefill')).toMatchObject({ messages: [{ role: 'user' }, extended] });
    expect(continueAnthropicRequest(body, ' 1', 'instruction').messages).toEqual([{ role: 'user', content: 'hi' }, extended, { role: 'user', content: continuationInstruction(' 1') }]);
  });

  it('keeps context-management edits that do not concern thinking', () => {
    const body = { messages: [], context_management: { edits: [{ type: 'clear_tool_uses_20250919' }, { type: 'clear_thinking_20251015' }] } };
    expect(continueAnthropicRequest(body, 'x', 'prefill').context_management).toEqual({ edits: [{ type: 'clear_tool_uses_20250919' }] });
  });
});
