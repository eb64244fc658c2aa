import { describe, expect, it } from 'vitest';
import { stripUnsignedThinking } from './strip-unsigned-thinking.js';

describe('stripUnsignedThinking', () => {
  it('returns the same object when every thinking block is signed', () => {
    const body = {
      model: 'm',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 't', signature: 'sig' }, { type: 'text', text: 'a' }] },
      ],
    };
    expect(stripUnsignedThinking(body)).toBe(body);
  });

  it('removes thinking blocks with an empty signature from assistant messages only', () => {
    const body = {
      model: 'm',
      extra: { kept: true },
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'foreign', signature: '' }, { type: 'text', text: 'a' }] },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'real', signature: 'sig' }] },
      ],
    };
    expect(stripUnsignedThinking(body)).toEqual({
      model: 'm',
      extra: { kept: true },
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'a' }] },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'real', signature: 'sig' }] },
      ],
    });
    expect(body.messages[1]?.content).toHaveLength(2);
  });

  it('leaves odd bodies alone', () => {
    for (const body of [{}, { messages: 'x' }, { messages: [null, 1, { role: 'assistant', content: 'text' }] }]) {
      expect(stripUnsignedThinking(body)).toBe(body);
    }
  });
});
