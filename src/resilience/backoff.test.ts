import { describe, expect, it } from 'vitest';
import { capRetryAfterMs, fullJitterBackoffMs } from './backoff.js';

const options = { baseMs: 100, maxMs: 1_000 };

describe('fullJitterBackoffMs', () => {
  it('doubles the ceiling per retry until the maximum', () => {
    const almostOne = () => 0.999_999;
    expect(fullJitterBackoffMs(0, options, almostOne)).toBe(99);
    expect(fullJitterBackoffMs(1, options, almostOne)).toBe(199);
    expect(fullJitterBackoffMs(2, options, almostOne)).toBe(399);
    expect(fullJitterBackoffMs(3, options, almostOne)).toBe(799);
    expect(fullJitterBackoffMs(4, options, almostOne)).toBe(999);
    expect(fullJitterBackoffMs(60, options, almostOne)).toBe(999);
    expect(fullJitterBackoffMs(5_000, options, almostOne)).toBe(999);
  });

  it('scales the ceiling by the random draw (full jitter, down to zero)', () => {
    expect(fullJitterBackoffMs(2, options, () => 0)).toBe(0);
    expect(fullJitterBackoffMs(2, options, () => 0.5)).toBe(200);
  });

  it('stays within [0, min(max, base × 2^n)] for any draw', () => {
    for (let retryIndex = 0; retryIndex < 12; retryIndex++) {
      const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** retryIndex);
      for (let draw = 0; draw < 200; draw++) {
        const delay = fullJitterBackoffMs(retryIndex, options);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(ceiling);
        expect(Number.isInteger(delay)).toBe(true);
      }
    }
  });

  it('treats negative or odd retry indexes as the first retry and out-of-range draws as bounds', () => {
    expect(fullJitterBackoffMs(-3, options, () => 0.5)).toBe(50);
    expect(fullJitterBackoffMs(Number.NaN, options, () => 0.5)).toBe(50);
    expect(fullJitterBackoffMs(0, options, () => 7)).toBe(100);
    expect(fullJitterBackoffMs(0, options, () => -1)).toBe(0);
  });
});

describe('capRetryAfterMs', () => {
  it('passes values under the cap through', () => {
    expect(capRetryAfterMs(1_500, 10_000)).toBe(1_500);
  });

  it('clamps values above the cap and below zero', () => {
    expect(capRetryAfterMs(60_000, 10_000)).toBe(10_000);
    expect(capRetryAfterMs(-5, 10_000)).toBe(0);
  });

  it('keeps "no retry-after" as undefined', () => {
    expect(capRetryAfterMs(undefined, 10_000)).toBeUndefined();
    expect(capRetryAfterMs(Number.NaN, 10_000)).toBeUndefined();
  });
});
