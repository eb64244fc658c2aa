import { describe, expect, it, vi } from 'vitest';
import type { AttemptEvent } from '../observability/gateway-events.js';
import { createMemoryStore } from '../store/memory/memory-store.js';
import type { Rollup } from '../store/store.js';
import { PassiveSignals } from './passive-signals.js';
import { ROLLUP_FLUSH_INTERVAL_MS, RollupWriter } from './rollup-writer.js';
import { WorstStatusTracker } from './worst-status-tracker.js';

const MINUTE = 60_000;
const START = 29_000_000 * MINUTE; // a minute boundary

function attempt(at: number, overrides: Partial<AttemptEvent> = {}): AttemptEvent {
  return { at, provider: 'anthropic', model: 'opus', key: 'key-1 …abcd', outcome: 'success', durationMs: 1_000, stream: false, source: 'traffic', ...overrides };
}

function setup() {
  const clock = { time: START + 5_000, now() { return this.time; } };
  const signals = new PassiveSignals({ windowMs: 30_000, baselineWindowMs: 30 * MINUTE });
  const worst = new WorstStatusTracker();
  const store = createMemoryStore({ clock });
  const writer = new RollupWriter({
    store,
    signals,
    components: () => ['provider:anthropic', 'target:anthropic/opus', 'target:anthropic/sonnet'],
    worstStatus: (id, minute) => worst.worst(id, minute),
    clock,
  });
  return { clock, signals, worst, store, writer };
}

describe('RollupWriter', () => {
  it("writes every component's minute — traffic, latency, TTFT, probes, worst status — while it is still running", async () => {
    const { signals, worst, store, writer } = setup();
    signals.recordAttempt(attempt(START + 1_000, { durationMs: 1_000 }));
    signals.recordAttempt(attempt(START + 2_000, { durationMs: 400, stream: true }));
    signals.recordAttempt(attempt(START + 3_000, { outcome: 'failure', failureClass: 'overloaded', origin: 'upstream', durationMs: 50 }));
    signals.recordAttempt(attempt(START + 4_000, { source: 'probe', durationMs: 300 }));
    signals.recordAttempt(attempt(START + 5_000, { source: 'probe', outcome: 'failure', failureClass: 'timeout', origin: 'local' }));
    signals.recordAttempt(attempt(START + 6_000, { outcome: 'skipped', failureClass: 'overloaded' }));
    signals.recordAttempt(attempt(START + 7_000, { outcome: 'failure', failureClass: 'client_cancelled' }));
    worst.record('target:anthropic/opus', 'operational', START + 1_000);
    worst.record('target:anthropic/opus', 'partial_outage', START + 3_000);

    const rows = await writer.flush();
    expect(rows.map((row) => row.componentId)).toEqual(['provider:anthropic', 'target:anthropic/opus', 'target:anthropic/sonnet']);
    const opus: Rollup = {
      componentId: 'target:anthropic/opus',
      minute: START,
      requests: 3,
      failures: 1,
      latencySumMs: 1_400,
      latencyCount: 2,
      ttftSumMs: 400,
      ttftCount: 1,
      probes: 2,
      probeFailures: 1,
      worstStatus: 'partial_outage',
    };
    expect(rows[1]).toEqual(opus);
    // A quiet component's minute is written too: monitored, nothing happened.
    expect(rows[2]).toMatchObject({ requests: 0, probes: 0, worstStatus: 'operational' });
    expect(await store.rollups.range('target:anthropic/opus', START, START + MINUTE)).toEqual([opus]);
    // Nothing new, nothing written.
    expect(await writer.flush()).toEqual([]);
  });

  it('adds only what was counted since the last write, so the stored minute is the sum, and a worse status alone is written', async () => {
    const { clock, signals, worst, store, writer } = setup();
    signals.recordAttempt(attempt(START + 1_000, { durationMs: 100.4 }));
    await writer.flush();
    signals.recordAttempt(attempt(START + 8_000, { durationMs: 200.4 }));
    signals.recordAttempt(attempt(START + 9_000, { outcome: 'failure', failureClass: 'server', origin: 'upstream' }));
    clock.time = START + 10_000;
    const second = await writer.flush();
    // Sums are rounded as totals (301 ms) before the part already written (100 ms) is taken off.
    expect(second.map((row) => [row.componentId, row.requests, row.failures, row.latencySumMs])).toEqual([
      ['provider:anthropic', 2, 1, 201],
      ['target:anthropic/opus', 2, 1, 201],
    ]);
    worst.record('target:anthropic/sonnet', 'major_outage', START + 11_000);
    expect((await writer.flush()).map((row) => [row.componentId, row.requests, row.worstStatus])).toEqual([['target:anthropic/sonnet', 0, 'major_outage']]);
    // The minute's last attempts, written after it ended.
    signals.recordAttempt(attempt(START + MINUTE - 1, { durationMs: 100 }));
    clock.time = START + MINUTE + 1_000;
    await writer.flush();
    expect(await store.rollups.range('target:anthropic/opus', START, START + MINUTE)).toEqual([
      expect.objectContaining({ requests: 4, failures: 1, latencySumMs: 401, latencyCount: 3 }),
    ]);
    expect(await store.rollups.range('target:anthropic/sonnet', START, START + MINUTE)).toEqual([expect.objectContaining({ worstStatus: 'major_outage' })]);
  });

  it('merges with what a previous process stored for the same minute instead of overwriting it', async () => {
    const { signals, store } = setup();
    // A process killed mid-minute had written 5 requests of it.
    await store.rollups.add([{ componentId: 'target:anthropic/opus', minute: START, requests: 5, failures: 2, latencySumMs: 500, latencyCount: 3, ttftSumMs: 0, ttftCount: 0, probes: 0, probeFailures: 0, worstStatus: 'major_outage' }]);
    const clock = { time: START + 30_000, now() { return this.time; } };
    const writer = new RollupWriter({ store, signals, components: () => ['target:anthropic/opus'], worstStatus: () => 'operational', clock });
    signals.recordAttempt(attempt(START + 31_000, { durationMs: 100 }));
    clock.time = START + 32_000;
    await writer.stop();
    expect(await store.rollups.range('target:anthropic/opus', START, START + MINUTE)).toEqual([
      expect.objectContaining({ requests: 6, failures: 2, latencySumMs: 600, latencyCount: 4, worstStatus: 'major_outage' }),
    ]);
  });

  it('writes nothing for the minutes before it started, and catches up at most two ended minutes after a stall', async () => {
    const { clock, worst, store, writer } = setup();
    worst.record('provider:anthropic', 'major_outage', START + 10_000);
    clock.time = START + 4 * MINUTE + 1_000;
    const rows = await writer.flush();
    // Minutes 2 and 3 (at most two ended minutes) and the one in progress, each with the last known status.
    expect(new Set(rows.map((row) => row.minute))).toEqual(new Set([START + 2 * MINUTE, START + 3 * MINUTE, START + 4 * MINUTE]));
    expect((await store.rollups.range('provider:anthropic', START - 5 * MINUTE, START + 5 * MINUTE)).map((row) => row.worstStatus)).toEqual(['major_outage', 'major_outage', 'major_outage']);
  });

  it('stop() writes the minute in progress so far', async () => {
    const { clock, signals, store, writer } = setup();
    signals.recordAttempt(attempt(START + 10_000));
    clock.time = START + 20_000;
    await writer.stop();
    expect(await store.rollups.range('target:anthropic/opus', START, START + MINUTE)).toEqual([expect.objectContaining({ requests: 1 })]);
  });

  it('flushes on its own every flush interval', async () => {
    vi.useFakeTimers({ now: START + 5_000 });
    try {
      const signals = new PassiveSignals({ windowMs: 30_000, baselineWindowMs: 30 * MINUTE });
      const store = createMemoryStore();
      const writer = new RollupWriter({ store, signals, components: () => ['target:anthropic/opus'], worstStatus: () => 'operational' });
      writer.start();
      signals.recordAttempt(attempt(Date.now()));
      await vi.advanceTimersByTimeAsync(ROLLUP_FLUSH_INTERVAL_MS - 1);
      expect(await store.rollups.range('target:anthropic/opus', START, START + MINUTE)).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(await store.rollups.range('target:anthropic/opus', START, START + MINUTE)).toEqual([expect.objectContaining({ requests: 1 })]);
      await writer.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('unwritten() is what memory counted beyond what the store was given', async () => {
    const { clock, signals, writer } = setup();
    signals.recordAttempt(attempt(START + 1_000));
    signals.recordAttempt(attempt(START + 2_000));
    expect(writer.unwritten('target:anthropic/opus', START, START + MINUTE)).toEqual([expect.objectContaining({ minute: START, requests: 2 })]);
    await writer.flush();
    signals.recordAttempt(attempt(START + 6_000));
    clock.time = START + 7_000;
    expect(writer.unwritten('target:anthropic/opus', START - 10 * MINUTE, START + MINUTE)).toEqual([expect.objectContaining({ minute: START, requests: 1, latencyCount: 1 })]);
    expect(writer.unwritten('target:anthropic/opus', START + MINUTE, START + 2 * MINUTE)).toEqual([]);
    expect(writer.unwritten('target:anthropic/never-used', START, START + MINUTE)).toEqual([]);
  });

  it('keeps going when the store fails, and writes the same counts again at the next flush', async () => {
    const errors: unknown[] = [];
    const added: Rollup[][] = [];
    let failing = true;
    const clock = { time: START + 5_000, now() { return this.time; } };
    const signals = new PassiveSignals({ windowMs: 30_000, baselineWindowMs: 30 * MINUTE });
    const writer = new RollupWriter({
      store: { rollups: { add: async (rows) => { if (failing) throw new Error('disk full'); added.push(rows); }, range: async () => [], prune: async () => 0 } },
      signals,
      components: () => ['provider:anthropic'],
      worstStatus: () => 'operational',
      clock,
      onError: (error) => errors.push(error),
    });
    signals.recordAttempt(attempt(START + 6_000));
    clock.time += 5_000;
    await expect(writer.flush()).resolves.toHaveLength(1);
    expect(errors).toEqual([new Error('disk full')]);
    expect(writer.unwritten('provider:anthropic', START, START + MINUTE)).toEqual([expect.objectContaining({ requests: 1 })]);
    failing = false;
    await writer.flush();
    expect(added).toEqual([[expect.objectContaining({ requests: 1 })]]);
  });
});
