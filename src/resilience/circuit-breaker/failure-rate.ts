import { SlidingWindowCounter } from '../sliding-window.js';
import { numberInRange, positiveInteger } from '../validate-options.js';
import type { BreakerAlgorithm } from './breaker-algorithm.js';

/** Options of {@link FailureRate}; defaults open at ≥ 50% failures of ≥ 10 calls in 30 s. */
export interface FailureRateOptions {
  /** Open when failures ÷ calls in the window reaches this percentage. Default 50. */
  thresholdPercent?: number;
  /** Calls the window must hold before the rate means anything. Default 10. */
  minimumVolume?: number;
  /** Sliding window length. Default 30 s. */
  windowMs?: number;
  /** Bucket width. Default 1 s. */
  bucketMs?: number;
}

/**
 * Opens when the failure ratio over a sliding window reaches a threshold, but only once the
 * window holds `minimumVolume` calls: two failures out of three calls at 3 a.m. say little about
 * a provider (cockatiel's SamplingBreaker, Envoy's `failure_percentage_minimum_hosts/request_volume`).
 */
export class FailureRate implements BreakerAlgorithm {
  readonly #ratio: number;
  readonly #minimumVolume: number;
  readonly #window: SlidingWindowCounter<'successes' | 'failures'>;

  constructor(options: FailureRateOptions = {}) {
    this.#ratio = numberInRange(options.thresholdPercent ?? 50, 'thresholdPercent', 0, 100) / 100;
    this.#minimumVolume = positiveInteger(options.minimumVolume ?? 10, 'minimumVolume');
    this.#window = new SlidingWindowCounter({
      names: ['successes', 'failures'],
      windowMs: options.windowMs ?? 30_000,
      bucketMs: options.bucketMs ?? 1000,
    });
  }

  recordSuccess(now: number): void {
    this.#window.add('successes', now);
  }

  recordFailure(now: number): void {
    this.#window.add('failures', now);
  }

  shouldOpen(now: number): boolean {
    const { successes, failures } = this.#window.totals(now);
    const calls = successes + failures;
    if (calls < this.#minimumVolume || failures === 0) return false;
    return failures / calls >= this.#ratio;
  }

  reset(): void {
    this.#window.reset();
  }
}
