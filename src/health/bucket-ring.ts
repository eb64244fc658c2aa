interface Slot<Bucket> {
  /** `floor(time / bucketMs)` of the bucket's start. */
  index: number;
  bucket: Bucket;
}

/**
 * Fixed time buckets in a ring: memory stays constant however long Lifeline runs. A slot is
 * reused once its bucket has left the ring's span; events older than the span are dropped.
 */
export class BucketRing<Bucket> {
  readonly bucketMs: number;
  readonly #slots: Array<Slot<Bucket> | undefined>;
  readonly #create: () => Bucket;
  #newestIndex = Number.NEGATIVE_INFINITY;

  constructor(options: { bucketMs: number; spanMs: number; create: () => Bucket }) {
    this.bucketMs = options.bucketMs;
    // One extra slot so the bucket being filled never evicts the oldest one still inside the span.
    this.#slots = new Array<Slot<Bucket> | undefined>(Math.ceil(options.spanMs / options.bucketMs) + 1).fill(undefined);
    this.#create = options.create;
  }

  /** The bucket holding `timeMs`, created (or recycled) on demand; undefined when too old to keep. */
  at(timeMs: number): Bucket | undefined {
    const index = Math.floor(timeMs / this.bucketMs);
    if (index <= this.#newestIndex - this.#slots.length) return undefined;
    const position = modulo(index, this.#slots.length);
    const slot = this.#slots[position];
    if (slot && slot.index === index) return slot.bucket;
    if (slot && slot.index > index) return undefined;
    const bucket = this.#create();
    this.#slots[position] = { index, bucket };
    this.#newestIndex = Math.max(this.#newestIndex, index);
    return bucket;
  }

  /** The buckets whose start lies in [fromMs, toMs], oldest first. */
  between(fromMs: number, toMs: number): Bucket[] {
    const buckets: Bucket[] = [];
    this.#visitBetween(fromMs, toMs, (slot) => buckets.push(slot.bucket));
    return buckets;
  }

  /** Like {@link between}, each bucket with the epoch ms it starts at. */
  entriesBetween(fromMs: number, toMs: number): Array<{ startMs: number; bucket: Bucket }> {
    const entries: Array<{ startMs: number; bucket: Bucket }> = [];
    this.#visitBetween(fromMs, toMs, (slot) => entries.push({ startMs: slot.index * this.bucketMs, bucket: slot.bucket }));
    return entries;
  }

  /** Visits at most one ring's worth of slots, counted back from `toMs`: a 90-day range stays cheap. */
  #visitBetween(fromMs: number, toMs: number, visit: (slot: Slot<Bucket>) => void): void {
    const first = Math.max(Math.ceil(fromMs / this.bucketMs), Math.floor(toMs / this.bucketMs) - this.#slots.length + 1);
    const last = Math.floor(toMs / this.bucketMs);
    for (let index = first; index <= last; index++) {
      const slot = this.#slots[modulo(index, this.#slots.length)];
      if (slot && slot.index === index) visit(slot);
    }
  }

  /** The bucket starting exactly at `startMs`, if it is still held. */
  starting(startMs: number): Bucket | undefined {
    const index = Math.floor(startMs / this.bucketMs);
    const slot = this.#slots[modulo(index, this.#slots.length)];
    return slot && slot.index === index ? slot.bucket : undefined;
  }
}

function modulo(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}
