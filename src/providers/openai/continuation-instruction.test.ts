import { describe, expect, it } from 'vitest';
import { CONTINUE_INSTRUCTION, continueWithInstruction } from './continuation-instruction.js';

describe('continueWithInstruction', () => {
  it('sends the partial answer back as the assistant turn, then the instruction', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
    expect(continueWithInstruction(body, 'Hello wor ')).toEqual({
      model: 'm',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'Hello wor' },
        { role: 'user', content: CONTINUE_INSTRUCTION },
      ],
    });
  });

  it('is a plain retry when nothing was emitted yet', () => {
    const body = { messages: [{ role: 'user', content: 'hi' }] };
    expect(continueWithInstruction(body, '')).toEqual(body);
  });
});
