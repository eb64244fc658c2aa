import { systemClock, type Clock } from '../core/clock.js';
import type { ClientKeyRecord, ClientKeyRepository } from '../store/store.js';

/** How often keys created or revoked elsewhere (the CLI, another instance) are picked up. */
export const CLIENT_KEY_REFRESH_MS = 5_000;

/** Options for {@link ClientKeyCache}. */
export interface ClientKeyCacheOptions {
  keys: Pick<ClientKeyRepository, 'list'>;
  refreshMs?: number;
  clock?: Clock;
  /** A refresh failed (the store is out): the keys known so far keep working. */
  onError?: (error: unknown) => void;
}

/**
 * Every client key's record by hash, in memory: the door checks a request without touching the
 * database. Loaded at start, refreshed every few seconds and at once after a change made through
 * this instance, so a revocation by the CLI or another instance takes effect within `refreshMs`.
 */
export class ClientKeyCache {
  readonly #options: ClientKeyCacheOptions;
  #byHash = new Map<string, ClientKeyRecord>();
  #count = 0;
  #timer: NodeJS.Timeout | undefined;
  #refreshing: Promise<void> | undefined;

  constructor(options: ClientKeyCacheOptions) {
    this.#options = options;
  }

  /** Loads the keys (a failure here is the caller's: Lifeline does not start blind) and starts refreshing. */
  async start(): Promise<void> {
    await this.#load();
    this.#timer = setInterval(() => void this.refresh().catch((error: unknown) => this.#options.onError?.(error)), this.#options.refreshMs ?? CLIENT_KEY_REFRESH_MS);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Reloads now (after a create or revoke here); concurrent calls share one load. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#load().finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  /** The record of the key with this hash, revoked and expired ones included (the door tells them apart). */
  byHash(hash: string): ClientKeyRecord | undefined {
    return this.#byHash.get(hash);
  }

  /** How many keys exist, revoked ones included: once one was ever made, the door stays locked by default. */
  get count(): number {
    return this.#count;
  }

  /** Epoch ms, for the door's expiry checks. */
  now(): number {
    return (this.#options.clock ?? systemClock).now();
  }

  async #load(): Promise<void> {
    const records = await this.#options.keys.list();
    this.#byHash = new Map(records.map((record) => [record.hash, record]));
    this.#count = records.length;
  }
}
