import { describe, expect, it } from 'vitest';
import type { HealthSnapshot } from '../../health/health-types.js';
import { createMemoryStore } from '../../store/memory/memory-store.js';
import type { Rollup } from '../../store/store.js';
import { loadRollups } from './load-rollups.js';

const MINUTE = 60_000;
const T = 1_800_000_000_000 - (1_800_000_000_000 % MINUTE);
const snapshot: HealthSnapshot = { at: T, overall: 'operational', components: [] };

function row(minute: number, requests: number): Rollup {
  return { componentId: 'target:a/m', minute, requests, failures: 0, latencySumMs: 100 * requests, latencyCount: requests, ttftSumMs: 0, ttftCount: 0, probes: 0, probeFailures: 0, worstStatus: 'operational' };
}

describe('loadRollups', () => {
  it('adds what memory counted beyond the stored rows: a minute partly written is their sum, in order', async () => {
    const store = createMemoryStore();
    await store.rollups.add([row(T - 2 * MINUTE, 5), row(T - MINUTE, 6), row(T, 4)]);
    const asked: Array<[number, number]> = [];
    const live = (_id: string, fromMs: number, toMs: number) => {
      asked.push([fromMs, toMs]);
      // The minute in progress: 4 requests stored at the last write, 3 counted since; the one before is all stored.
      return [row(T - MINUTE, 0), row(T, 3)];
    };
    const rows = await loadRollups(store, snapshot, 'target:a/m', T - 10 * MINUTE, T + MINUTE, live);
    expect(rows.map((rollup) => [rollup.minute - T, rollup.requests])).toEqual([
      [-2 * MINUTE, 5],
      [-MINUTE, 6],
      [0, 7],
    ]);
    expect(asked).toEqual([[T - 10 * MINUTE, T + MINUTE]]);
  });

  it('is the stored minutes alone without a live source', async () => {
    const store = createMemoryStore();
    await store.rollups.add([row(T - MINUTE, 6)]);
    expect((await loadRollups(store, snapshot, 'target:a/m', T - 10 * MINUTE, T + MINUTE)).map((rollup) => rollup.requests)).toEqual([6]);
  });
});
