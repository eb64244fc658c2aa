import { isStoreUnavailableError, StoreUnavailableError } from '../errors/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { LifelineStore } from './store.js';

/** How the store is doing, for `/readyz`, metrics and the log. */
export interface StoreHealth {
  kind: string;
  /** False from the first write that could not reach the store until one gets through. */
  available: boolean;
  /** Writes waiting for the store to come back. */
  pendingWrites: number;
  /** Write attempts that failed because the store was unreachable, since start. */
  failedAttempts: number;
  /** Writes refused because too many were already waiting (lost, and logged). */
  droppedWrites: number;
  /** Epoch ms since when the store has been unreachable. */
  unavailableSince?: number;
}

/** Options for {@link withRetriedWrites}. */
export interface RetriedWritesOptions {
  /** Told once when the store becomes unreachable and once when it is back (never per retry). */
  onUnavailable?: (error: unknown) => void;
  onRecovered?: (facts: { outageMs: number; caughtUp: number }) => void;
  /** Told about a write refused because `maxPendingWrites` were already waiting. */
  onDropped?: (error: unknown) => void;
  /** First retry delay; doubles up to `maxDelayMs`. Defaults 250 ms and 5 s. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Writes held at most while the store is out; beyond, writes fail at once. Default 10 000. */
  maxPendingWrites?: number;
  clock?: Clock;
}

/** A store whose background writes survive an outage, and what it can say about it. */
export interface StoreWithRetriedWrites {
  store: LifelineStore;
  health(): StoreHealth;
  /**
   * From now on a failed write is not retried (shutdown: flushes that wait for an absent
   * database would hold the process); waiting writes fail at their next attempt.
   */
  stopRetrying(): void;
}

/**
 * Wraps the writes that Lifeline makes in the background — rollups, probe results, incident
 * changes, webhook bookkeeping, key usage and last use — so that a write that finds the store
 * unreachable (`StoreUnavailableError`: connection refused or lost) waits and tries again with
 * backoff until the store answers, in the order it was made for each caller. Callers simply
 * await: the incident manager's queue, the rollup writer and the notifier carry on where they
 * were when the database returns. Routing never waits on any of this. Reads, admin creations and
 * revocations fail at once (a person is waiting for the answer); any other error (a constraint,
 * a missing row) is the caller's, as before.
 * @example
 * const { store, health } = withRetriedWrites(await createStore(options), { onUnavailable: (error) => logger.warn({ err: error }, 'store unavailable') });
 */
export function withRetriedWrites(inner: LifelineStore, options: RetriedWritesOptions = {}): StoreWithRetriedWrites {
  const clock = options.clock ?? systemClock;
  const baseDelayMs = options.baseDelayMs ?? 250;
  const maxDelayMs = Math.max(baseDelayMs, options.maxDelayMs ?? 5_000);
  const maxPendingWrites = options.maxPendingWrites ?? 10_000;
  let retrying = true;
  let closed = false;
  const state = { available: true, pendingWrites: 0, failedAttempts: 0, droppedWrites: 0, unavailableSince: undefined as number | undefined, caughtUp: 0 };
  const sleepers = new Set<() => void>();

  function markUnavailable(error: unknown): void {
    state.failedAttempts += 1;
    if (!state.available) return;
    state.available = false;
    state.unavailableSince = clock.now();
    state.caughtUp = 0;
    options.onUnavailable?.(error);
  }

  function markAvailable(wasRetried: boolean): void {
    if (wasRetried) state.caughtUp += 1;
    if (state.available) return;
    state.available = true;
    const outageMs = clock.now() - (state.unavailableSince ?? clock.now());
    state.unavailableSince = undefined;
    options.onRecovered?.({ outageMs, caughtUp: state.caughtUp });
  }

  function sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, delayMs);
      timer.unref();
      sleepers.add(wake);
    });
  }

  async function write<Value>(attempt: () => Promise<Value>): Promise<Value> {
    let delayMs = baseDelayMs;
    let held = false;
    try {
      for (let tries = 0; ; tries += 1) {
        try {
          const value = await attempt();
          markAvailable(tries > 0);
          return value;
        } catch (error) {
          if (!isStoreUnavailableError(error)) throw error;
          markUnavailable(error);
          if (!retrying || closed) throw error;
          if (!held) {
            if (state.pendingWrites >= maxPendingWrites) {
              state.droppedWrites += 1;
              const dropped = new StoreUnavailableError(`The store is unavailable and ${maxPendingWrites} writes already wait for it; this one is dropped.`, error);
              options.onDropped?.(dropped);
              throw dropped;
            }
            held = true;
            state.pendingWrites += 1;
          }
          await sleep(delayMs);
          delayMs = Math.min(maxDelayMs, delayMs * 2);
        }
      }
    } finally {
      if (held) state.pendingWrites -= 1;
    }
  }

  const retried =
    <Args extends unknown[], Value>(method: (...args: Args) => Promise<Value>) =>
    (...args: Args): Promise<Value> =>
      write(() => method(...args));

  const { incidents, rollups, probes, webhooks, clientKeys, keyUsage, deferredJobs, responses } = inner;
  const store: LifelineStore = {
    kind: inner.kind,
    incidents: { ...bound(incidents), create: retried(incidents.create.bind(incidents)), update: retried(incidents.update.bind(incidents)) },
    rollups: { ...bound(rollups), add: retried(rollups.add.bind(rollups)) },
    probes: { ...bound(probes), add: retried(probes.add.bind(probes)) },
    webhooks: { ...bound(webhooks), create: retried(webhooks.create.bind(webhooks)), update: retried(webhooks.update.bind(webhooks)) },
    clientKeys: { ...bound(clientKeys), touch: retried(clientKeys.touch.bind(clientKeys)) },
    keyUsage: { ...bound(keyUsage), add: retried(keyUsage.add.bind(keyUsage)) },
    // Not held: a job is accepted only once it is stored, and a lease write that waited would lie.
    deferredJobs: bound(deferredJobs),
    // Not held either: a response is kept before its answer ends, so the client's next turn finds it.
    responses: bound(responses),
    async close() {
      closed = true;
      for (const wake of [...sleepers]) wake();
      await inner.close();
    },
  };

  return {
    store,
    health: () => ({
      kind: inner.kind,
      available: state.available,
      pendingWrites: state.pendingWrites,
      failedAttempts: state.failedAttempts,
      droppedWrites: state.droppedWrites,
      ...(state.unavailableSince !== undefined ? { unavailableSince: state.unavailableSince } : {}),
    }),
    stopRetrying() {
      retrying = false;
      for (const wake of [...sleepers]) wake();
    },
  };
}

/** The repository's methods bound to it, so a spread copy keeps working (repositories may be classes). */
function bound<Repository extends object>(repository: Repository): Repository {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(repository)) copy[name] = typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(repository) : value;
  return copy as Repository;
}
