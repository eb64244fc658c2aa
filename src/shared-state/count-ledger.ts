import type { CountChange } from './shared-state.js';

/** The identity of one counter: family, bucket and name. */
export type CountId = Pick<CountChange, 'family' | 'bucket' | 'name'>;

/** One string per counter, for maps. */
export const countKeyOf = (id: CountId) => `${id.family}\u0000${id.bucket}\u0000${id.name}`;

interface Entry {
  /** What this instance wrote to Redis. */
  own: number;
  /** What this instance heard from others (and found on joining). */
  heard: number;
  expiresAt: number;
}

/**
 * What this instance already counted of each shared counter, so reading a counter's total on
 * (re)joining adds only what it has not heard of: total − own − heard. Entries go when their
 * counter has expired in Redis too.
 */
export class CountLedger {
  readonly #entries = new Map<string, Entry>();

  /** Counts this instance wrote. */
  sent(change: CountChange): void {
    this.#entry(change).own += change.amount;
  }

  /** Counts another instance reported. */
  heard(change: CountChange): void {
    this.#entry(change).heard += change.amount;
  }

  /** How much of a counter's `total` in Redis this instance has not counted yet (0 when none). */
  missingFrom(id: CountId, total: number): number {
    const entry = this.#entries.get(countKeyOf(id));
    return Math.max(0, total - (entry?.own ?? 0) - (entry?.heard ?? 0));
  }

  /** Forgets counters expired by `nowMs`. */
  prune(nowMs: number): void {
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= nowMs) this.#entries.delete(key);
  }

  #entry(change: CountChange): Entry {
    const key = countKeyOf(change);
    let entry = this.#entries.get(key);
    if (!entry) this.#entries.set(key, (entry = { own: 0, heard: 0, expiresAt: 0 }));
    entry.expiresAt = Date.now() + change.ttlMs;
    return entry;
  }
}
