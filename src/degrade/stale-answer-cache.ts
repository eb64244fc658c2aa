import type { CanonicalResponse } from '../canonical/index.js';

interface Entry {
  response: CanonicalResponse;
  storedAt: number;
}

/** Limits of one route's cache. */
export interface CacheLimits {
  ttlMs: number;
  maxEntries: number;
}

/**
 * Stale-if-error answers: the last good answer to each exact request, per route, kept in memory
 * up to `maxEntries` (least recently used out first) and for `ttlMs`. Read only when every target
 * of the route failed, so a stale answer never hides a working provider.
 */
export class StaleAnswerCache {
  readonly #routes = new Map<string, Map<string, Entry>>();

  constructor(readonly now: () => number = Date.now) {}

  /** Keeps `response` as the answer to `key` on `route`. */
  remember(route: string, key: string, response: CanonicalResponse, limits: CacheLimits): void {
    let entries = this.#routes.get(route);
    if (!entries) this.#routes.set(route, (entries = new Map()));
    entries.delete(key);
    entries.set(key, { response, storedAt: this.now() });
    while (entries.size > limits.maxEntries) entries.delete(entries.keys().next().value!);
  }

  /** The answer kept for `key`, with its age, while younger than `ttlMs`. */
  recall(route: string, key: string, limits: CacheLimits): { response: CanonicalResponse; ageMs: number } | undefined {
    const entries = this.#routes.get(route);
    const entry = entries?.get(key);
    if (!entries || !entry) return undefined;
    const ageMs = this.now() - entry.storedAt;
    if (ageMs >= limits.ttlMs) {
      entries.delete(key);
      return undefined;
    }
    // Read again means recently used: it moves to the young end.
    entries.delete(key);
    entries.set(key, entry);
    return { response: entry.response, ageMs };
  }

  /** Entries held on `route`. */
  size(route: string): number {
    return this.#routes.get(route)?.size ?? 0;
  }
}
