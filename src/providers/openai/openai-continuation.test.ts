import { describe, expect, it } from 'vitest';
import { continuationInstruction } from '../shared/continuation-instruction.js';
import { openAIContinuation } from './openai-continuation.js';

const body = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };

describe('openAIContinuation', () => {
  it('without prefill: the partial answer as the assistant turn, then the instruction with its last words', () => {
    expect(openAIContinuation(body, 'Hello wor ', 'none')).toEqual({
      model: 'm',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'Hello wor' },
        { role: 'user', content: continuationInstruction('Hello wor ') },
      ],
    });
    expect(continuationInstruction('one two three four five six seven eight nine ten')).toContain('\n<<<\nthree four five six seven eight nine ten\n>>>');
  });

  it.each([
    ['trailing-assistant', {}, {}],
    ['prefix-flag', { prefix: true }, {}],
    ['continue-final-message', {}, { continue_final_message: true, add_generation_prompt: false }],
  ] as const)('%s: the partial answer is the start of the assistant turn', (mode, flag, topLevel) => {
    expect(openAIContinuation(body, 'Hello wor ', mode)).toEqual({ ...body, ...topLevel, messages: [...body.messages, { role: 'assistant', content: 'Hello wor', ...flag }] });
  });

  it("extends the client's own prefill instead of adding a second assistant turn", () => {
    const prefilled = { messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: '{"a":' }] };
    expect(openAIContinuation(prefilled, ' 1', 'prefix-flag').messages).toEqual([{ role: 'user', content: 'hi' }, { role: 'assistant', content: '{"a": 1', prefix: true }]);
  });

  it('is a plain retry when nothing was sent yet', () => {
    expect(openAIContinuation(body, '', 'none')).toEqual(body);
    expect(openAIContinuation(body, ' ', 'prefix-flag')).toEqual(body);
  });
});
