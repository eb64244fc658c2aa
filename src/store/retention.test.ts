import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from './memory/memory-store.js';
import { startRetention } from './retention.js';
import type { LifelineStore, Rollup } from './store.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW_MS = 1_700_000_040_000;
const clock = { now: () => Date.now() };

function rollupAt(minute: number): Rollup {
  return {
    componentId: 'provider:anthropic',
    minute,
    requests: 1,
    failures: 0,
    latencySumMs: 1,
    latencyCount: 1,
    ttftSumMs: 0,
    ttftCount: 0,
    probes: 0,
    probeFailures: 0,
    worstStatus: 'operational',
  };
}

async function seed(store: LifelineStore, nowMs: number): Promise<void> {
  await store.rollups.add([rollupAt(nowMs - 91 * DAY_MS), rollupAt(nowMs - 89 * DAY_MS)]);
  await store.probes.add({ componentId: 'provider:anthropic', at: nowMs - 8 * DAY_MS, ok: true, latencyMs: 1 });
  await store.probes.add({ componentId: 'provider:anthropic', at: nowMs - 6 * DAY_MS, ok: true, latencyMs: 1 });
  const webhook = { webhook: 'ops', event: 'incident.opened', incidentId: 'inc1', payload: '{}', attempts: 1 } as const;
  await store.webhooks.create({ ...webhook, state: 'delivered', createdAt: nowMs - 31 * DAY_MS });
  await store.webhooks.create({ ...webhook, state: 'pending', createdAt: nowMs - 31 * DAY_MS });
  await store.webhooks.create({ ...webhook, state: 'failed', createdAt: nowMs - 29 * DAY_MS });
  const usage = { keyName: 'ci', model: 'm', target: 'p/m', requests: 1, inputTokens: 1, outputTokens: 1 };
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  await store.keyUsage.add([{ ...usage, day: day(nowMs - 92 * DAY_MS) }, { ...usage, day: day(nowMs - 88 * DAY_MS) }]);
  const response = { response: '{}', input: '[]', createdAt: nowMs - 31 * DAY_MS };
  await store.responses.put({ ...response, id: 'resp_expired', expiresAt: nowMs });
  await store.responses.put({ ...response, id: 'resp_live', expiresAt: nowMs + 1 });
}

async function counts(store: LifelineStore): Promise<{ rollups: number; probes: number; webhooks: number; keyUsage: number; responses: number }> {
  return {
    rollups: (await store.rollups.range('provider:anthropic', 0, Number.MAX_SAFE_INTEGER)).length,
    probes: (await store.probes.latest('provider:anthropic', 100)).length,
    webhooks: (await store.webhooks.list()).length,
    keyUsage: (await store.keyUsage.range(undefined, '2000-01-01', '2999-12-31')).length,
    // Read as of the epoch: an expired response a pass left behind would still count.
    responses: ((await store.responses.get('resp_expired', 0)) ? 1 : 0) + ((await store.responses.get('resp_live', 0)) ? 1 : 0),
  };
}

describe('startRetention', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('prunes at start: rollups past 90 days, probes past 7 days, finished webhook deliveries past 30 days, key usage past 90 days, expired stored responses', async () => {
    vi.useFakeTimers({ now: NOW_MS });
    const store = createMemoryStore({ clock });
    await seed(store, NOW_MS);
    const retention = startRetention(store, { rollupDays: 90, probeDays: 7, intervalMs: 60_000, clock });
    await vi.advanceTimersByTimeAsync(0);
    // The 31-day-old pending delivery stays: it has not finished.
    expect(await counts(store)).toEqual({ rollups: 1, probes: 1, webhooks: 2, keyUsage: 1, responses: 1 });
    retention.stop();
  });

  it('prunes again every interval until stopped', async () => {
    vi.useFakeTimers({ now: NOW_MS });
    const store = createMemoryStore({ clock });
    const retention = startRetention(store, { rollupDays: 1, probeDays: 1, intervalMs: DAY_MS, clock });
    await vi.advanceTimersByTimeAsync(0);
    await store.probes.add({ componentId: 'provider:anthropic', at: NOW_MS, ok: true, latencyMs: 1 });

    await vi.advanceTimersByTimeAsync(DAY_MS); // the probe is now exactly one day old: kept
    expect((await counts(store)).probes).toBe(1);
    await vi.advanceTimersByTimeAsync(DAY_MS);
    expect((await counts(store)).probes).toBe(0);

    retention.stop();
    await store.probes.add({ componentId: 'provider:anthropic', at: NOW_MS, ok: true, latencyMs: 1 });
    await vi.advanceTimersByTimeAsync(10 * DAY_MS);
    expect((await counts(store)).probes).toBe(1);
  });

  it('runs a pass on demand and says what it removed', async () => {
    vi.useFakeTimers({ now: NOW_MS });
    const store = createMemoryStore({ clock });
    const retention = startRetention(store, { intervalMs: DAY_MS, clock });
    await vi.advanceTimersByTimeAsync(0);
    await seed(store, NOW_MS);
    expect(await retention.runOnce()).toEqual({ rollups: 1, probes: 1, webhooks: 1, keyUsage: 1, responses: 1 });
    retention.stop();
  });

  it('reports a failed pass and tries again on the next tick', async () => {
    vi.useFakeTimers({ now: NOW_MS });
    const store = createMemoryStore({ clock });
    const failure = new Error('database is locked');
    const prune = vi.spyOn(store.rollups, 'prune').mockRejectedValueOnce(failure);
    const onError = vi.fn();
    const retention = startRetention(store, { intervalMs: 60_000, clock, onError });
    await vi.advanceTimersByTimeAsync(0);
    expect(onError).toHaveBeenCalledWith(failure);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(prune).toHaveBeenCalledTimes(2);
    expect(onError).toHaveBeenCalledTimes(1);
    retention.stop();
  });

  it('does not keep the process alive', () => {
    const setIntervalSpy = vi.spyOn(globalThis, 'setInterval');
    const retention = startRetention(createMemoryStore(), { intervalMs: DAY_MS });
    const timer = setIntervalSpy.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    retention.stop();
    setIntervalSpy.mockRestore();
  });
});
