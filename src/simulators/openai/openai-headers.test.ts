import { describe, expect, it } from 'vitest';
import { goDuration } from './openai-headers.js';

describe('goDuration', () => {
  it('formats like the x-ratelimit-reset-* headers', () => {
    expect(goDuration(120)).toBe('120ms');
    expect(goDuration(1000)).toBe('1s');
    expect(goDuration(2336)).toBe('2.336s');
    expect(goDuration(360_000)).toBe('6m0s');
  });
});
