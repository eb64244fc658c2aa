import type { LatencyTracker } from './latency-tracker.js';
import type { ResilienceOptions } from './resilience-options.js';

/**
 * How long to wait for a target's first token before hedging; undefined when hedging is off.
 * `auto` uses the target's recent p95 once enough samples exist, else the fallback delay: a
 * p95 of three samples is noise, and hedging on noise doubles load. It never goes below
 * `min_delay_ms`: against a target that usually answers in milliseconds, scheduling jitter alone
 * would exceed its p95 and start a second request for nothing.
 */
export function hedgeDelayMs(hedging: ResilienceOptions['hedging'], tracker: LatencyTracker, latencyKey: string): number | undefined {
  if (!hedging.enabled) return undefined;
  if (hedging.delay_ms !== 'auto') return hedging.delay_ms;
  const p95 = tracker.sampleCount(latencyKey) >= hedging.min_samples ? tracker.p95(latencyKey) : undefined;
  return p95 === undefined ? hedging.fallback_delay_ms : Math.max(hedging.min_delay_ms, Math.ceil(p95));
}
