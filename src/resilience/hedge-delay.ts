import type { LatencyTracker } from './latency-tracker.js';
import type { ResilienceOptions } from './resilience-options.js';

/**
 * How long to wait for a target's first token before hedging; undefined when hedging is off.
 * `auto` uses the target's recent p95 once enough samples exist, else the fallback delay: a
 * p95 of three samples is noise, and hedging on noise doubles load.
 */
export function hedgeDelayMs(hedging: ResilienceOptions['hedging'], tracker: LatencyTracker, targetKey: string): number | undefined {
  if (!hedging.enabled) return undefined;
  if (hedging.delay_ms !== 'auto') return hedging.delay_ms;
  const p95 = tracker.sampleCount(targetKey) >= hedging.min_samples ? tracker.p95(targetKey) : undefined;
  return p95 === undefined ? hedging.fallback_delay_ms : Math.ceil(p95);
}
