/** Bin width ratio: each bin is 5% wider than the last, so a percentile is within about 2.5%. */
const GROWTH = 1.05;
const LOG_GROWTH = Math.log(GROWTH);

/**
 * A small log-binned latency histogram: memory grows with the spread of values (a few dozen
 * bins), never with their number, so a window can hold one per bucket however busy it is.
 * Sum and count stay exact for averages.
 */
export class LatencyHistogram {
  readonly #bins = new Map<number, number>();
  #count = 0;
  #sumMs = 0;

  /** Samples held. */
  get count(): number {
    return this.#count;
  }

  /** Exact sum of the samples. */
  get sumMs(): number {
    return this.#sumMs;
  }

  /** Adds one sample; negative or non-finite values are ignored. */
  add(valueMs: number): void {
    if (!Number.isFinite(valueMs) || valueMs < 0) return;
    const bin = binOf(valueMs);
    this.#bins.set(bin, (this.#bins.get(bin) ?? 0) + 1);
    this.#count += 1;
    this.#sumMs += valueMs;
  }

  /** Adds every sample of `other` into this one. */
  merge(other: LatencyHistogram): void {
    for (const [bin, count] of other.#bins) this.#bins.set(bin, (this.#bins.get(bin) ?? 0) + count);
    this.#count += other.#count;
    this.#sumMs += other.#sumMs;
  }

  /** Nearest-rank percentile (0–100] as the bin's middle value; undefined when empty. */
  percentile(percentile: number): number | undefined {
    if (this.#count === 0) return undefined;
    const rank = Math.max(1, Math.ceil((Math.min(Math.max(percentile, 0), 100) / 100) * this.#count));
    let seen = 0;
    for (const bin of [...this.#bins.keys()].sort((left, right) => left - right)) {
      seen += this.#bins.get(bin)!;
      if (seen >= rank) return valueOf(bin);
    }
    return undefined;
  }
}

/** Bin 0 holds [0, 1) ms; bin n ≥ 1 holds [GROWTH^(n-1), GROWTH^n). */
function binOf(valueMs: number): number {
  return valueMs < 1 ? 0 : 1 + Math.floor(Math.log(valueMs) / LOG_GROWTH);
}

function valueOf(bin: number): number {
  return bin === 0 ? 0.5 : Math.exp((bin - 0.5) * LOG_GROWTH);
}
