import { describe, expect, it } from 'vitest';
import { LatencyTracker } from './latency-tracker.js';

describe('LatencyTracker', () => {
  it('computes a nearest-rank p95 per target', () => {
    const tracker = new LatencyTracker();
    for (let sample = 1; sample <= 100; sample++) tracker.record('target:a/x', sample * 10);
    tracker.record('target:b/y', 42);
    expect(tracker.p95('target:a/x')).toBe(950);
    expect(tracker.p95('target:b/y')).toBe(42);
    expect(tracker.percentile('target:a/x', 50)).toBe(500);
    expect(tracker.p95('target:c/z')).toBeUndefined();
  });

  it('keeps only the latest samples, up to the capacity', () => {
    const tracker = new LatencyTracker({ capacity: 5 });
    for (const sample of [9_000, 9_000, 9_000, 1, 2, 3, 4, 5]) tracker.record('t', sample);
    expect(tracker.sampleCount('t')).toBe(5);
    expect(tracker.percentile('t', 100)).toBe(5);
    expect(tracker.p95('t')).toBe(5);
  });

  it('ignores negative and non-finite samples, and forgets a target on request', () => {
    const tracker = new LatencyTracker();
    tracker.record('t', -1);
    tracker.record('t', Number.NaN);
    tracker.record('t', Number.POSITIVE_INFINITY);
    expect(tracker.sampleCount('t')).toBe(0);
    tracker.record('t', 10);
    tracker.forget('t');
    expect(tracker.p95('t')).toBeUndefined();
  });
});
