/** Latency percentiles of one scenario, in milliseconds. */
export interface LatencySummary {
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  count: number;
}

/**
 * The `fraction` percentile (0..1) of ascending `sorted` values by the nearest-rank method:
 * the smallest value with at least `fraction` of the samples at or below it. NaN when empty.
 */
export function percentile(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (fraction <= 0) return sorted[0] ?? Number.NaN;
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN;
}

/** Sorts a copy of every sample (several rounds may be passed) and summarises them. */
export function summariseLatencies(samples: readonly ArrayLike<number>[]): LatencySummary {
  const count = samples.reduce((total, part) => total + part.length, 0);
  const all = new Float64Array(count);
  let offset = 0;
  for (const part of samples) {
    all.set(part, offset);
    offset += part.length;
  }
  all.sort();
  let sum = 0;
  for (const value of all) sum += value;
  return {
    p50Ms: percentile(all, 0.5),
    p99Ms: percentile(all, 0.99),
    meanMs: count === 0 ? Number.NaN : sum / count,
    count,
  };
}
