import { describe, expect, it } from 'vitest';
import type { AttemptEvent } from '../observability/gateway-events.js';
import { createMemoryStore } from '../store/memory/memory-store.js';
import type { Rollup } from '../store/store.js';
import { PassiveSignals } from './passive-signals.js';
import { RollupWriter } from './rollup-writer.js';
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
  it('writes the minute that ended for every component: traffic, latency, TTFT, probes, worst status', async () => {
    const { clock, signals, worst, store, writer } = setup();
    signals.recordAttempt(attempt(START + 1_000, { durationMs: 1_000 }));
    signals.recordAttempt(attempt(START + 2_000, { durationMs: 400, stream: true }));
    signals.recordAttempt(attempt(START + 3_000, { outcome: 'failure', failureClass: 'overloaded', origin: 'upstream', durationMs: 50 }));
    signals.recordAttempt(attempt(START + 4_000, { source: 'probe', durationMs: 300 }));
    signals.recordAttempt(attempt(START + 5_000, { source: 'probe', outcome: 'failure', failureClass: 'timeout', origin: 'local' }));
    signals.recordAttempt(attempt(START + 6_000, { outcome: 'skipped', failureClass: 'overloaded' }));
    signals.recordAttempt(attempt(START + 7_000, { outcome: 'failure', failureClass: 'client_cancelled' }));
    worst.record('target:anthropic/opus', 'operational', START + 1_000);
    worst.record('target:anthropic/opus', 'partial_outage', START + 30_000);
    worst.record('target:anthropic/opus', 'degraded_performance', START + 50_000);

    expect(await writer.writeDue()).toEqual([]); // the minute is still running
    clock.time = START + MINUTE + 2_000;
    const rows = await writer.writeDue();
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
    expect(rows[2]).toMatchObject({ requests: 0, probes: 0, worstStatus: 'operational' });
    expect(await store.rollups.range('target:anthropic/opus', START, START + MINUTE)).toEqual([opus]);
    // Written once only.
    expect(await writer.writeDue()).toEqual([]);
  });

  it('carries the latest status into a minute without evaluations, and catches up after a stall', async () => {
    const { clock, worst, store, writer } = setup();
    worst.record('provider:anthropic', 'major_outage', START + 10_000);
    clock.time = START + 4 * MINUTE + 1_000;
    const rows = await writer.writeDue();
    // Minutes 2 and 3 (at most two catch-up minutes), each with the last known status.
    expect(new Set(rows.map((row) => row.minute))).toEqual(new Set([START + 2 * MINUTE, START + 3 * MINUTE]));
    expect((await store.rollups.range('provider:anthropic', START, START + 5 * MINUTE)).map((row) => row.worstStatus)).toEqual(['major_outage', 'major_outage']);
  });

  it('stop() writes the minute in progress so far', async () => {
    const { clock, signals, store, writer } = setup();
    signals.recordAttempt(attempt(START + 10_000));
    clock.time = START + 20_000;
    await writer.stop();
    expect(await store.rollups.range('target:anthropic/opus', START, START + MINUTE)).toEqual([expect.objectContaining({ requests: 1 })]);
  });

  it('keeps going when the store fails', async () => {
    const errors: unknown[] = [];
    const clock = { time: START + 5_000, now() { return this.time; } };
    const writer = new RollupWriter({
      store: { rollups: { add: () => Promise.reject(new Error('disk full')), range: async () => [], prune: async () => 0 } },
      signals: new PassiveSignals({ windowMs: 30_000, baselineWindowMs: 30 * MINUTE }),
      components: () => ['provider:anthropic'],
      worstStatus: () => 'operational',
      clock,
      onError: (error) => errors.push(error),
    });
    clock.time += MINUTE;
    await expect(writer.writeDue()).resolves.toHaveLength(1);
    expect(errors).toEqual([new Error('disk full')]);
  });
});
