import { describe, expect, it } from 'vitest';
import { hedgeDelayMs } from './hedge-delay.js';
import { LatencyTracker } from './latency-tracker.js';
import { DEFAULT_RESILIENCE } from './resilience-options.js';

const hedging = { ...DEFAULT_RESILIENCE.hedging, enabled: true, min_samples: 3, fallback_delay_ms: 4_000 };

describe('hedgeDelayMs', () => {
  it('is undefined while hedging is off', () => {
    expect(hedgeDelayMs({ ...DEFAULT_RESILIENCE.hedging, enabled: false }, new LatencyTracker(), 't')).toBeUndefined();
  });

  it('uses a fixed delay as written', () => {
    expect(hedgeDelayMs({ ...hedging, delay_ms: 1_500 }, new LatencyTracker(), 't')).toBe(1_500);
  });

  it('uses the fallback until auto has enough samples, then the p95', () => {
    const tracker = new LatencyTracker();
    tracker.record('t', 800);
    tracker.record('t', 900);
    expect(hedgeDelayMs(hedging, tracker, 't')).toBe(4_000);
    tracker.record('t', 1_000.2);
    expect(hedgeDelayMs(hedging, tracker, 't')).toBe(1_001);
  });

  it('is on by default, and auto never hedges sooner than min_delay_ms', () => {
    const tracker = new LatencyTracker();
    for (const sample of [4, 5, 6]) tracker.record('t', sample);
    expect(hedgeDelayMs(hedging, tracker, 't')).toBe(1_000);
    expect(hedgeDelayMs({ ...hedging, min_delay_ms: 0 }, tracker, 't')).toBe(6);
    expect(DEFAULT_RESILIENCE.hedging).toMatchObject({ enabled: true, delay_ms: 'auto', min_delay_ms: 1_000 });
  });
});
