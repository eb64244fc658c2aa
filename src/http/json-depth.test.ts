import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds } from './json-depth.js';

/** Depth of a parsed value, recursively (fine for test-sized values). */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depthOf));
}

const exceeds = (text: string, maxDepth: number) => jsonDepthExceeds(Buffer.from(text), maxDepth);

describe('jsonDepthExceeds', () => {
  it('counts objects and arrays alike', () => {
    expect(exceeds('{"a":[{"b":[1]}]}', 4)).toBe(false);
    expect(exceeds('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(exceeds('42', 0)).toBe(false);
    expect(exceeds('[]', 0)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceeds(JSON.stringify({ text: '[[[[{{{{"\\\\"[[[[' }), 1)).toBe(false);
    expect(exceeds(JSON.stringify({ text: 'say \\"[[[' }), 1)).toBe(false);
    expect(exceeds(`{"a":"\\\\","b":[[1]]}`, 2)).toBe(true);
  });

  it('finds the attack: thousands of levels', () => {
    expect(exceeds(`{"x":${'['.repeat(5_000)}${']'.repeat(5_000)}}`, 128)).toBe(true);
    // Unbalanced or truncated text is still measured as far as it goes, never thrown on.
    expect(exceeds('['.repeat(200), 128)).toBe(true);
    expect(exceeds('{"unterminated": "[[[[', 1)).toBe(false);
  });

  it('agrees with the depth of the parsed value on generated JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), fc.integer({ min: 0, max: 14 }), (value, maxDepth) => {
        expect(exceeds(JSON.stringify(value), maxDepth)).toBe(depthOf(value) > maxDepth);
      }),
      { numRuns: 500 },
    );
  });
});
