import type { BreakerAlgorithm } from './breaker-algorithm.js';

/** Opens when any of its algorithms would; every outcome is fed to all of them. */
export class EitherAlgorithm implements BreakerAlgorithm {
  readonly #algorithms: readonly BreakerAlgorithm[];

  constructor(algorithms: readonly BreakerAlgorithm[]) {
    if (algorithms.length === 0) throw new RangeError('EitherAlgorithm needs at least one algorithm');
    this.#algorithms = algorithms;
  }

  recordSuccess(now: number): void {
    for (const algorithm of this.#algorithms) algorithm.recordSuccess(now);
  }

  recordFailure(now: number): void {
    for (const algorithm of this.#algorithms) algorithm.recordFailure(now);
  }

  shouldOpen(now: number): boolean {
    return this.#algorithms.some((algorithm) => algorithm.shouldOpen(now));
  }

  reset(): void {
    for (const algorithm of this.#algorithms) algorithm.reset();
  }
}
