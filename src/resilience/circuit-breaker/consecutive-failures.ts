import { positiveInteger } from '../validate-options.js';
import type { BreakerAlgorithm } from './breaker-algorithm.js';

/** Opens after `threshold` failures in a row (Envoy's `consecutive5xx`; cockatiel's ConsecutiveBreaker). */
export class ConsecutiveFailures implements BreakerAlgorithm {
  readonly threshold: number;
  #consecutive = 0;

  constructor(options: { threshold: number }) {
    this.threshold = positiveInteger(options.threshold, 'threshold');
  }

  recordSuccess(): void {
    this.#consecutive = 0;
  }

  recordFailure(): void {
    this.#consecutive += 1;
  }

  shouldOpen(): boolean {
    return this.#consecutive >= this.threshold;
  }

  reset(): void {
    this.#consecutive = 0;
  }
}
