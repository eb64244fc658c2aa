import { afterEach, describe, expect, it, vi } from 'vitest';
import { NotFoundError, StoreUnavailableError } from '../errors/index.js';
import { createMemoryStore } from './memory/memory-store.js';
import { withRetriedWrites } from './retried-writes.js';
import type { LifelineStore } from './store.js';

const probe = (at: number) => ({ componentId: 'provider:openai', at, ok: true, latencyMs: 5 });

/** A memory store whose every call fails as an unreachable database would while `down` is true. */
function flakyStore(): { store: LifelineStore; setDown(down: boolean): void; calls: () => number } {
  const inner = createMemoryStore();
  let down = false;
  let calls = 0;
  const guard = <Args extends unknown[], Value>(method: (...args: Args) => Promise<Value>) => async (...args: Args) => {
    calls += 1;
    if (down) throw new StoreUnavailableError('PostgreSQL is unavailable: connect ECONNREFUSED 127.0.0.1:5432');
    return method(...args);
  };
  const store: LifelineStore = {
    ...inner,
    probes: { add: guard(inner.probes.add), latest: guard(inner.probes.latest), prune: guard(inner.probes.prune) },
    incidents: { ...inner.incidents, get: guard(inner.incidents.get), update: guard(inner.incidents.update) },
    clientKeys: { ...inner.clientKeys, create: guard(inner.clientKeys.create) },
  };
  return { store, setDown: (value) => (down = value), calls: () => calls };
}

describe('withRetriedWrites', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('holds a write while the store is unreachable and completes it when the store is back, reporting both once', async () => {
    vi.useFakeTimers();
    const flaky = flakyStore();
    const onUnavailable = vi.fn();
    const onRecovered = vi.fn();
    const wrapped = withRetriedWrites(flaky.store, { onUnavailable, onRecovered, baseDelayMs: 100, maxDelayMs: 400 });
    flaky.setDown(true);
    const first = wrapped.store.probes.add(probe(1));
    const second = wrapped.store.probes.add(probe(2));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(wrapped.health()).toMatchObject({ available: false, pendingWrites: 2 });
    expect(wrapped.health().failedAttempts).toBeGreaterThan(4);
    expect(onUnavailable).toHaveBeenCalledTimes(1);
    flaky.setDown(false);
    await vi.advanceTimersByTimeAsync(500);
    await Promise.all([first, second]);
    expect(wrapped.health()).toMatchObject({ available: true, pendingWrites: 0 });
    expect(onRecovered).toHaveBeenCalledTimes(1);
    expect(onRecovered.mock.calls[0]![0]).toMatchObject({ caughtUp: 1 });
    expect((await wrapped.store.probes.latest('provider:openai', 5)).map((result) => result.at).sort()).toEqual([1, 2]);
  });

  it('fails reads and admin creations at once, and passes other errors through without retrying', async () => {
    const flaky = flakyStore();
    const wrapped = withRetriedWrites(flaky.store);
    flaky.setDown(true);
    await expect(wrapped.store.probes.latest('provider:openai', 1)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(wrapped.store.clientKeys.create({ name: 'a', prefix: 'll-abcd', hash: 'f'.repeat(64), routes: [], createdAt: 1 })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    flaky.setDown(false);
    const before = flaky.calls();
    await expect(wrapped.store.incidents.update('missing', { status: 'resolved', body: 'x', automatic: true })).rejects.toBeInstanceOf(NotFoundError);
    expect(flaky.calls() - before).toBe(1);
  });

  it('refuses new writes beyond maxPendingWrites instead of holding them without bound', async () => {
    vi.useFakeTimers();
    const flaky = flakyStore();
    const onDropped = vi.fn();
    const wrapped = withRetriedWrites(flaky.store, { maxPendingWrites: 2, onDropped });
    flaky.setDown(true);
    const held = [wrapped.store.probes.add(probe(1)), wrapped.store.probes.add(probe(2))];
    await vi.advanceTimersByTimeAsync(10);
    await expect(wrapped.store.probes.add(probe(3))).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(wrapped.health()).toMatchObject({ pendingWrites: 2, droppedWrites: 1 });
    expect(onDropped).toHaveBeenCalledTimes(1);
    wrapped.stopRetrying();
    await expect(Promise.all(held)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('lets waiting writes go when retrying stops (shutdown) or the store closes', async () => {
    const flaky = flakyStore();
    const wrapped = withRetriedWrites(flaky.store, { baseDelayMs: 60_000 });
    flaky.setDown(true);
    const waiting = wrapped.store.probes.add(probe(1));
    await new Promise((resolve) => setImmediate(resolve));
    await wrapped.store.close();
    await expect(waiting).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(wrapped.health().pendingWrites).toBe(0);
  });
});
