import { describe, expect, it } from 'vitest';
import { percentile, summariseLatencies } from './latency-summary.js';

describe('percentile', () => {
  const sorted = Float64Array.from({ length: 100 }, (_, index) => index + 1); // 1..100

  it('uses the nearest rank', () => {
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile(sorted, 1)).toBe(100);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile([7, 9, 11], 0.5)).toBe(9);
  });

  it('is NaN for no samples', () => {
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('summariseLatencies', () => {
  it('merges rounds and sorts numerically, not as strings', () => {
    const summary = summariseLatencies([Float64Array.from([10, 2]), Float64Array.from([1, 100, 3])]);
    expect(summary).toEqual({ p50Ms: 3, p99Ms: 100, meanMs: 23.2, count: 5 });
  });

  it('reports NaN figures for an empty scenario', () => {
    const summary = summariseLatencies([new Float64Array(0)]);
    expect(summary.count).toBe(0);
    expect(summary.p50Ms).toBeNaN();
    expect(summary.meanMs).toBeNaN();
  });
});
