import { describe, expect, it } from 'vitest';
import { SlidingWindowCounter } from './sliding-window.js';

describe('SlidingWindowCounter', () => {
  it('sums counts inside the window and drops buckets as it slides', () => {
    const window = new SlidingWindowCounter({ names: ['hits', 'misses'], windowMs: 3_000, bucketMs: 1_000 });
    window.add('hits', 0);
    window.add('hits', 1_500);
    window.add('misses', 2_999);
    expect(window.totals(2_999)).toEqual({ hits: 2, misses: 1 });
    // At 3 000 the bucket [0, 1000) has left the window.
    expect(window.totals(3_000)).toEqual({ hits: 1, misses: 1 });
    expect(window.totals(5_000)).toEqual({ hits: 0, misses: 0 });
  });

  it('reuses a slot for a new bucket without leaking the old counts', () => {
    const window = new SlidingWindowCounter({ names: ['hits'], windowMs: 2_000, bucketMs: 1_000 });
    window.add('hits', 0, 5);
    window.add('hits', 2_100);
    expect(window.totals(2_100)).toEqual({ hits: 1 });
  });

  it('ignores buckets from the future and forgets everything on reset', () => {
    const window = new SlidingWindowCounter({ names: ['hits'], windowMs: 10_000 });
    window.add('hits', 9_000);
    expect(window.totals(4_000)).toEqual({ hits: 0 });
    window.reset();
    expect(window.totals(9_000)).toEqual({ hits: 0 });
  });

  it('rejects nonsensical sizes', () => {
    expect(() => new SlidingWindowCounter({ names: ['hits'], windowMs: 0 })).toThrow(RangeError);
    expect(() => new SlidingWindowCounter({ names: ['hits'], windowMs: 1_000, bucketMs: -1 })).toThrow(RangeError);
  });
});
