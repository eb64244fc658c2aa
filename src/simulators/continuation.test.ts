import { describe, expect, it } from 'vitest';
import { continuePlan, splitAnthropicContinuation, splitOpenAIContinuation } from './continuation.js';

const plan = { text: 'The quick brown fox jumps.', thinking: 'hmm', toolCalls: [], stopReason: undefined };

describe('simulated continuation', () => {
  it('reads an Anthropic prefill and answers with the rest of the scripted text', () => {
    const split = splitAnthropicContinuation([
      { role: 'user', content: 'go' },
      { role: 'assistant', content: [{ type: 'text', text: 'The quick bro' }] },
    ]);
    expect(split).toEqual({ messages: [{ role: 'user', content: 'go' }], prefix: 'The quick bro' });
    expect(continuePlan(plan, split.prefix)).toEqual({ ...plan, text: 'wn fox jumps.', thinking: undefined });
  });

  it('reads an OpenAI continue instruction after the partial assistant message', () => {
    const split = splitOpenAIContinuation([
      { role: 'user', content: 'go' },
      { role: 'assistant', content: 'The quick' },
      { role: 'user', content: 'Your previous reply was cut off by a network failure. Continue it exactly where it stopped.' },
    ]);
    expect(split.prefix).toBe('The quick');
    expect(split.messages).toHaveLength(1);
    expect(continuePlan(plan, split.prefix).text).toBe(' brown fox jumps.');
  });

  it('leaves ordinary conversations alone', () => {
    const messages = [{ role: 'user', content: 'continue the story' }];
    expect(splitOpenAIContinuation(messages).prefix).toBeUndefined();
    expect(splitAnthropicContinuation(messages).prefix).toBeUndefined();
    expect(continuePlan(plan, undefined)).toBe(plan);
  });
});
