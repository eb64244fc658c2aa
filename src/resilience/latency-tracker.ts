import { positiveInteger } from './validate-options.js';

/** A fixed-size ring of the latest samples of one target. */
interface SampleRing {
  samples: Float64Array;
  /** Samples held, up to the capacity. */
  count: number;
  /** Slot the next sample goes to. */
  next: number;
}

/**
 * Rolling time-to-first-token samples per target, in bounded ring buffers (the latest
 * `capacity` samples, old ones overwritten), so memory stays flat however long Lifeline runs.
 * Hedging's `delay_ms: auto` reads `p95()`: hedge when the first attempt is slower than 95% of
 * recent ones.
 */
export class LatencyTracker {
  readonly #capacity: number;
  readonly #rings = new Map<string, SampleRing>();

  constructor(options: { capacity?: number } = {}) {
    this.#capacity = positiveInteger(options.capacity ?? 100, 'capacity');
  }

  /** Adds one time-to-first-token sample; negative or non-finite values are ignored. */
  record(targetKey: string, timeToFirstTokenMs: number): void {
    if (!Number.isFinite(timeToFirstTokenMs) || timeToFirstTokenMs < 0) return;
    let ring = this.#rings.get(targetKey);
    if (!ring) {
      ring = { samples: new Float64Array(this.#capacity), count: 0, next: 0 };
      this.#rings.set(targetKey, ring);
    }
    ring.samples[ring.next] = timeToFirstTokenMs;
    ring.next = (ring.next + 1) % this.#capacity;
    ring.count = Math.min(ring.count + 1, this.#capacity);
  }

  /** Samples currently held for `targetKey`. */
  sampleCount(targetKey: string): number {
    return this.#rings.get(targetKey)?.count ?? 0;
  }

  /** The nearest-rank `percentile` (0–100] of the held samples; undefined without samples. */
  percentile(targetKey: string, percentile: number): number | undefined {
    const ring = this.#rings.get(targetKey);
    if (!ring || ring.count === 0) return undefined;
    const sorted = ring.samples.slice(0, ring.count).sort();
    const clamped = Math.min(Math.max(percentile, 0), 100);
    const rank = Math.max(1, Math.ceil((clamped / 100) * ring.count));
    return sorted[rank - 1];
  }

  /** The 95th percentile of recent time-to-first-token for `targetKey`. */
  p95(targetKey: string): number | undefined {
    return this.percentile(targetKey, 95);
  }

  /** Drops the samples of one target (e.g. after its model changed). */
  forget(targetKey: string): void {
    this.#rings.delete(targetKey);
  }
}
