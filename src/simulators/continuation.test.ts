import { describe, expect, it } from 'vitest';
import { continuationInstruction } from '../providers/shared/continuation-instruction.js';
import { continuePlan, DIVERGENT_TEXT, splitContinuation, type ContinuationAnswer } from './continuation.js';
import type { ContinuationMode } from './types.js';

const plan = { text: 'The quick brown fox jumps over the lazy dog.', thinking: 'hmm', toolCalls: [], stopReason: undefined };
const prefill = { kind: 'prefill', prefix: 'The quick bro' } as const;
const instruction = { kind: 'instruction', prefix: 'The quick brown fox ', anchor: 'The quick brown fox' } as const;

const textOf = (answer: ContinuationAnswer) => ('plan' in answer ? answer.plan.text : 'rejected');

describe('simulated continuation', () => {
  it('reads a prefill: the conversation ends with the partial assistant turn', () => {
    const split = splitContinuation([
      { role: 'user', content: 'go' },
      { role: 'assistant', content: [{ type: 'text', text: 'The quick bro' }] },
    ]);
    expect(split).toEqual({ messages: [{ role: 'user', content: 'go' }], request: { kind: 'prefill', prefix: 'The quick bro' } });
    expect(continuePlan(plan, split.request)).toEqual({ plan: { ...plan, text: 'wn fox jumps over the lazy dog.', thinking: undefined } });
  });

  it("reads Lifeline's instruction and its anchor words", () => {
    const split = splitContinuation([
      { role: 'user', content: 'go' },
      { role: 'assistant', content: 'The quick brown fox' },
      { role: 'user', content: continuationInstruction('The quick brown fox ') },
    ]);
    expect(split.messages).toHaveLength(1);
    expect(split.request).toEqual({ kind: 'instruction', prefix: 'The quick brown fox', anchor: 'The quick brown fox' });
    // Exact: the anchor words, then the rest.
    expect(textOf(continuePlan(plan, split.request))).toBe('The quick brown fox jumps over the lazy dog.');
  });

  it.each<[ContinuationMode, string, string]>([
    ['exact', 'wn fox jumps over the lazy dog.', 'The quick brown fox jumps over the lazy dog.'],
    ['ignore-instruction', plan.text, plan.text],
    ['prefill-rest', 'wn fox jumps over the lazy dog.', plan.text],
    ['reject-prefill', 'rejected', plan.text],
    ['diverge', DIVERGENT_TEXT, DIVERGENT_TEXT],
    ['repeat-tail', 'The quick brown fox jumps over the lazy dog.', 'quick brown fox jumps over the lazy dog.'],
  ])('%s: answers a prefill with "%s" and an instruction with "%s"', (mode, afterPrefill, afterInstruction) => {
    const behaviour = { mode, repeatTailWords: 3 };
    expect(textOf(continuePlan(plan, prefill, behaviour))).toBe(afterPrefill);
    expect(textOf(continuePlan(plan, instruction, behaviour))).toBe(afterInstruction);
  });

  it('leaves ordinary conversations alone', () => {
    const messages = [{ role: 'user', content: 'continue the story' }];
    expect(splitContinuation(messages).request).toBeUndefined();
    expect(continuePlan(plan, undefined)).toEqual({ plan });
  });
});
