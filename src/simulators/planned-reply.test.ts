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
      fc.property(fc.dictionary(fc.string({ maxLength: 5 }), fc.array(fc.constantFrom('a', ' ', 'é', '日', '🎉', '👍🏽'), { maxLength: 20 }).map((characters) => characters.join(''))), (input) => {
        const json = JSON.stringify(input);
        const fragments = splitArguments(json);
        return fragments.join('') === json && fragments.every((fragment) => fragment.length > 0 && fragment.isWellFormed());
      }),
      { numRuns: 100 },
    );
    // 15 UTF-16 units: the second cut (at 10) would land inside the second emoji's pair.
    expect(splitArguments('{"e":"x🎉🎉🎉"}')).toEqual(['{"e":', '"x🎉🎉', '🎉"}']);
  });
});
