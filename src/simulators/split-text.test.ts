import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitText } from './split-text.js';

/** Text mixing ASCII, spaces, BMP letters and astral characters (surrogate pairs); `unit: 'binary'` is far slower. */
const MIXED_TEXT = fc
  .array(fc.constantFrom('a', 'b', ' ', 'é', '日', '🎉', '👍🏽', '𝔘'), { minLength: 1, maxLength: 60 })
  .map((characters) => characters.join(''));

describe('splitText', () => {
  it('gives exactly count non-empty pieces that join back to the text', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 40 }), (text, count) => {
        const pieces = splitText(text, count);
        expect(pieces.join('')).toBe(text);
        expect(pieces).toHaveLength(Math.min(count, text.length));
        for (const piece of pieces) expect(piece.length).toBeGreaterThan(0);
      }),
    );
  });

  it('never cuts a character in half, so every piece is valid UTF-16 on its own', () => {
    fc.assert(
      fc.property(MIXED_TEXT, fc.integer({ min: 1, max: 40 }), (text, count) => {
        const pieces = splitText(text, count);
        // Plain booleans: `expect` per piece makes the property slow.
        return pieces.join('') === text && pieces.every((piece) => piece.length > 0 && piece.isWellFormed());
      }),
      { numRuns: 100 },
    );
    // Four pieces of three emoji would need a cut inside one; it gets three whole ones instead.
    expect(splitText('🎉🎉🎉', 4)).toEqual(['🎉', '🎉', '🎉']);
  });

  it('prefers cutting before a space', () => {
    expect(splitText('Lisbon is the capital', 2)).toEqual(['Lisbon is', ' the capital']);
  });

  it('keeps empty text as one empty piece', () => {
    expect(splitText('', 8)).toEqual(['']);
  });
});
