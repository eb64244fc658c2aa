/** Bounds for exponential backoff. */
export interface BackoffOptions {
  /** Ceiling of the first retry's delay. */
  baseMs: number;
  /** No delay ever exceeds this. */
  maxMs: number;
}

/**
 * AWS "full jitter" backoff: a uniformly random delay in [0, min(maxMs, baseMs × 2^retryIndex)).
 * Full jitter (rather than a fixed or "equal jitter" delay) spreads the retries of many clients
 * that failed at the same moment, so they do not hit a recovering provider in lockstep.
 * `retryIndex` is 0 for the first retry.
 */
export function fullJitterBackoffMs(retryIndex: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Number.isFinite(retryIndex) ? Math.max(0, Math.floor(retryIndex)) : 0;
  // 2 ** large is Infinity, which Math.min turns back into maxMs: no overflow to guard against.
  const ceilingMs = Math.max(0, Math.min(options.maxMs, options.baseMs * 2 ** exponent));
  const draw = Math.min(Math.max(random(), 0), 1);
  return Math.min(Math.floor(draw * ceilingMs), ceilingMs);
}

/**
 * Clamps a provider's `retry-after` to `capMs` (negative values become 0); undefined when the
 * provider sent none. The cap exists because a provider asking for minutes should not hold a
 * client's request that long: when the raw value exceeds the cap, failing over is usually better
 * than waiting (compare `retryAfterMs > capMs` before calling this to decide).
 */
export function capRetryAfterMs(retryAfterMs: number | undefined, capMs: number): number | undefined {
  if (retryAfterMs === undefined || Number.isNaN(retryAfterMs)) return undefined;
  return Math.min(Math.max(0, retryAfterMs), Math.max(0, capMs));
}
