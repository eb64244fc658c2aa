import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitArguments } from './planned-reply.js';

describe('splitArguments', () => {
  it('splits longer JSON into three fragments that join back', () => {
    expect(splitArguments('{"city":"Paris"}')).toEqual(['{"city', '":"Par', 'is"}']);
    expect(splitArguments('{}')).toEqual(['{}']);
  });

  it('never cuts a character in half', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ unit: 'binary', maxLength: 20 })), (input) => {
        const json = JSON.stringify(input);
        const fragments = splitArguments(json);
        expect(fragments.join('')).toBe(json);
        for (const fragment of fragments) {
          expect(fragment.length).toBeGreaterThan(0);
          expect(fragment.isWellFormed()).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
    // 15 UTF-16 units: the second cut (at 10) would land inside the second emoji's pair.
    expect(splitArguments('{"e":"x🎉🎉🎉"}')).toEqual(['{"e":', '"x🎉🎉', '🎉"}']);
  });
});
