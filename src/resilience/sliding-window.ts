import { nonNegativeInteger, positiveInteger } from './validate-options.js';

interface Bucket<Name extends string> {
  /** `floor(time / bucketMs)` of the bucket's start; -1 while the slot is unused. */
  index: number;
  counts: Record<Name, number>;
}

/** Options of a {@link SlidingWindowCounter}. */
export interface SlidingWindowOptions<Name extends string> {
  /** The counters kept per bucket, e.g. `['requests', 'retries']`. */
  names: readonly Name[];
  /** How far back the totals look. */
  windowMs: number;
  /** Bucket width; the window slides in these steps. Defaults to one second. */
  bucketMs?: number;
}

/**
 * Named counters over a sliding time window, kept in fixed time buckets so memory stays
 * constant however many events arrive. A bucket counts while its start lies within the last
 * `windowMs` (so the window is exact to one bucket width). Time comes in as an argument, which
 * keeps the class deterministic and easy to test.
 */
export class SlidingWindowCounter<Name extends string> {
  readonly #names: readonly Name[];
  readonly #bucketMs: number;
  readonly #buckets: Array<Bucket<Name>>;

  constructor(options: SlidingWindowOptions<Name>) {
    this.#names = options.names;
    this.#bucketMs = positiveInteger(options.bucketMs ?? 1000, 'bucketMs');
    const windowMs = positiveInteger(options.windowMs, 'windowMs');
    const bucketCount = Math.max(1, Math.ceil(windowMs / this.#bucketMs));
    this.#buckets = Array.from({ length: bucketCount }, () => ({ index: -1, counts: this.#zeroCounts() }));
  }

  /** Adds `amount` (default 1) to counter `name` at time `now`. */
  add(name: Name, now: number, amount = 1): void {
    nonNegativeInteger(amount, 'amount');
    const bucket = this.#bucketAt(now);
    bucket.counts[name] += amount;
  }

  /** Totals of every counter over the window ending at `now`. */
  totals(now: number): Record<Name, number> {
    const current = this.#indexOf(now);
    const oldest = current - this.#buckets.length + 1;
    const totals = this.#zeroCounts();
    for (const bucket of this.#buckets) {
      if (bucket.index < oldest || bucket.index > current) continue;
      for (const name of this.#names) totals[name] += bucket.counts[name];
    }
    return totals;
  }

  /** Forgets every count. */
  reset(): void {
    for (const bucket of this.#buckets) {
      bucket.index = -1;
      bucket.counts = this.#zeroCounts();
    }
  }

  #bucketAt(now: number): Bucket<Name> {
    const index = this.#indexOf(now);
    const slot = index % this.#buckets.length;
    const bucket = this.#buckets[slot];
    // The array is created full-length and never shrinks, so the slot always exists.
    if (!bucket) throw new Error(`sliding window slot ${slot} missing`);
    if (bucket.index !== index) {
      bucket.index = index;
      bucket.counts = this.#zeroCounts();
    }
    return bucket;
  }

  #indexOf(now: number): number {
    return Math.floor(Math.max(0, now) / this.#bucketMs);
  }

  #zeroCounts(): Record<Name, number> {
    const counts = {} as Record<Name, number>;
    for (const name of this.#names) counts[name] = 0;
    return counts;
  }
}
