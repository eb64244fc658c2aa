import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptRule } from '../../src/simulators/index.js';
import { percentile, runDrill, type DrillPhase, type DrillRecord, type DrillResult, type PhaseWindow } from '../support/load-drill-driver.js';
import { generationRequests, startResilienceStack, type ResilienceStack } from '../support/resilience-stack.js';

const ANSWER = 'The drill answer arrives whole, whichever target serves it.';
const SCRIPT: ScriptRule[] = [{ reply: { text: ANSWER } }];
const PRIMARY = 'primary/claude-main';
const FALLBACK = 'fallback/gpt-backup';
const CONCURRENCY = 32;
const FIRST_BYTE_MS = 1_000;
/** A request that took this long waited for the primary's first-byte timeout. */
const WAITED_ON_PRIMARY_MS = FIRST_BYTE_MS * 0.9;

let stack: ResilienceStack;
let drill: DrillResult;

/** Until the primary has answered this many requests of the phase again (its breaker closed). */
const primaryServes = (count: number) => (records: readonly DrillRecord[]) => records.filter((record) => record.target === PRIMARY).length >= count;

beforeAll(async () => {
  stack = await startResilienceStack({
    providers: [
      // Generous recording limits: the drill counts the primary's requests per phase by time.
      { name: 'primary', simulator: { format: 'anthropic', script: SCRIPT, chunkCount: 6, maxRecordedRequests: 200_000 } },
      // The healthy fallback gets generous timeouts of its own: on a loaded machine (the suite runs
      // files in parallel) 32 concurrent answers can take longer than the primary's 1 s budget,
      // and a drill about the primary's outages must not fail on the fallback's queueing.
      {
        name: 'fallback',
        simulator: { format: 'openai', script: SCRIPT, chunkCount: 6, maxRecordedRequests: 200_000 },
        extra: { timeouts: { first_byte_ms: 15_000, idle_ms: 15_000 } },
      },
    ],
    routes: { 'drill-model': [PRIMARY, FALLBACK] },
    resilience: {
      timeouts: { connect_ms: 1_000, first_byte_ms: FIRST_BYTE_MS, idle_ms: FIRST_BYTE_MS, total_ms: 20_000 },
      retries: { base_backoff_ms: 5, max_backoff_ms: 25 },
      breaker: { consecutive_failures: 3, base_ejection_time_ms: 1_000, max_ejection_time_ms: 2_000, window_ms: 5_000 },
    },
  });
  const primary = stack.sim('primary').control;
  const phases: DrillPhase[] = [
    // JIT, connection pools: the first requests of a process are slow whatever the primary does.
    { name: 'warm-up', enter: () => undefined, minRequests: 100, minDurationMs: 0 },
    { name: 'healthy', enter: () => undefined, minRequests: 400, minDurationMs: 0 },
    { name: 'overloaded (529)', enter: () => primary.addFault({ kind: 'status', status: 529, persistent: true }), minRequests: 400, minDurationMs: 2_500 },
    // Back to health until the breaker has closed, so the hang below meets a closed breaker and has to open it itself.
    { name: 'recovered', enter: () => primary.clearFaults(), minRequests: 100, minDurationMs: 0, until: primaryServes(100), maxDurationMs: 8_000 },
    {
      name: 'hang (no first byte)',
      enter: () => {
        primary.clearFaults();
        primary.addFault({ kind: 'stall-before-first-byte', persistent: true });
      },
      minRequests: 400,
      minDurationMs: 3_000,
    },
    {
      name: 'connection refused',
      enter: async () => {
        primary.clearFaults();
        await primary.refuseConnections();
      },
      minRequests: 400,
      minDurationMs: 2_000,
    },
    { name: 'healthy again', enter: () => primary.acceptConnections(), minRequests: 400, minDurationMs: 0, until: primaryServes(200), maxDurationMs: 20_000 },
  ];
  drill = await runDrill({ anthropicBaseUrl: stack.anthropicBaseUrl, openaiBaseUrl: stack.openaiBaseUrl, model: 'drill-model', concurrency: CONCURRENCY, phases });
  printReport(drill);
}, 90_000);

afterAll(async () => stack?.close());

function recordsOf(name: string): DrillRecord[] {
  return drill.records.filter((record) => record.phase === name);
}

function windowOf(name: string): PhaseWindow {
  const window = drill.phases.find((phase) => phase.name === name);
  if (!window) throw new Error(`no phase ${name}`);
  return window;
}

/** Requests of phase `name` that were sent and answered before the next phase began. */
function settledWithin(name: string): DrillRecord[] {
  const window = windowOf(name);
  return recordsOf(name).filter((record) => record.startedAtMs + record.durationMs <= window.endMs);
}

/**
 * "At the fallback's speed" for percentile `p`: half the first-byte timeout, or three times the healthy
 * phase's figure of the same run when a loaded machine slows every request alike. Waiting out the
 * first-byte timeout on the dead primary costs a second or more and fails either way.
 */
function fallbackSpeedBound(p: number): number {
  const healthy = percentile(recordsOf('healthy').map((record) => record.durationMs), p);
  return Math.max(FIRST_BYTE_MS / 2, healthy * 3);
}

/** Requests the primary received while `name` ran. */
function primaryRequestsDuring(name: string): number {
  const window = windowOf(name);
  return generationRequests(stack.sim('primary')).filter((request) => request.receivedAt >= window.startEpochMs && request.receivedAt < window.endEpochMs).length;
}

function printReport(result: DrillResult): void {
  const rows = result.phases.map((phase) => {
    const records = result.records.filter((record) => record.phase === phase.name);
    const durations = records.map((record) => record.durationMs);
    return {
      phase: phase.name,
      seconds: ((phase.endMs - phase.startMs) / 1000).toFixed(1),
      requests: records.length,
      errors: records.filter((record) => record.error).length,
      'p50 ms': percentile(durations, 50).toFixed(1),
      'p99 ms': percentile(durations, 99).toFixed(1),
      'max ms': Math.max(...durations).toFixed(0),
      'by fallback': records.filter((record) => record.target === FALLBACK).length,
      'waited on primary': records.filter((record) => record.durationMs >= WAITED_ON_PRIMARY_MS).length,
      'primary upstream requests': primaryRequestsDuring(phase.name),
    };
  });
  const total = result.records.length;
  const seconds = (Math.max(...result.phases.map((phase) => phase.endMs)) / 1000).toFixed(1);
  console.log(`load drill: ${total} requests at concurrency ${CONCURRENCY} in ${seconds} s`);
  console.table(rows);
  const hang = result.records.filter((record) => record.phase === 'hang (no first byte)');
  const afterOpen = hang.filter((record) => record.startedAtMs >= windowOf('hang (no first byte)').startMs + FIRST_BYTE_MS * 1.5).map((record) => record.durationMs);
  console.log(`hang phase after the breaker opened: ${afterOpen.length} requests, p50 ${percentile(afterOpen, 50).toFixed(1)} ms, p99 ${percentile(afterOpen, 99).toFixed(1)} ms`);
}

describe('load drill: 2,000+ requests through the official SDKs while the primary cycles through outages', () => {
  it('sends at least 2,000 requests and every client sees a whole answer: zero errors', () => {
    expect(drill.records.filter((record) => record.phase !== 'warm-up').length).toBeGreaterThanOrEqual(2_000);
    const errors = drill.records.filter((record) => record.error);
    expect(errors.slice(0, 5), `${errors.length} failed requests`).toEqual([]);
    const wrong = drill.records.filter((record) => record.text !== ANSWER);
    expect(wrong.slice(0, 5)).toEqual([]);
    // Both SDKs, streaming and not, in every phase.
    for (const phase of drill.phases) {
      const kinds = new Set(recordsOf(phase.name).map((record) => `${record.client}/${String(record.stream)}`));
      expect(kinds.size, phase.name).toBe(4);
    }
  });

  it('serves from the primary while it is healthy, and returns to it after the outage', () => {
    // Requests still in flight when the overload began may fairly have failed over; none before.
    const settled = settledWithin('healthy');
    expect(settled.length).toBeGreaterThan(300);
    expect(settled.filter((record) => record.target !== PRIMARY)).toEqual([]);
    const finalPhase = recordsOf('healthy again');
    expect(finalPhase.filter((record) => record.target === PRIMARY).length).toBeGreaterThanOrEqual(200);
    // Once back, it stays back: the last 100 requests all went to the primary.
    const lastSent = [...finalPhase].sort((left, right) => left.startedAtMs - right.startedAtMs).slice(-100);
    expect(lastSent.every((record) => record.target === PRIMARY)).toBe(true);
  });

  it('overload: the breaker opens, so the primary sees a small share of the traffic', () => {
    const requests = recordsOf('overloaded (529)');
    // Without a breaker each request would cost the primary two attempts (one retry).
    expect(primaryRequestsDuring('overloaded (529)')).toBeLessThan(requests.length * 0.25);
    expect(requests.filter((record) => record.target === FALLBACK).length).toBeGreaterThan(requests.length * 0.9);
  });

  it('hang: after the breaker opens, requests no longer wait for the dead primary', () => {
    const name = 'hang (no first byte)';
    const window = windowOf(name);
    const requests = recordsOf(name);
    // Without a breaker every one of these requests would sit out the first-byte timeout on the primary.
    expect(requests.length).toBeGreaterThanOrEqual(400);
    // The first wave (one per worker, sent before three timeouts could open the breaker) and the
    // odd half-open probe reach the primary; nothing else does.
    expect(primaryRequestsDuring(name)).toBeGreaterThan(0);
    expect(primaryRequestsDuring(name)).toBeLessThanOrEqual(CONCURRENCY + 8);
    const openedAtEpochMs = window.startEpochMs + FIRST_BYTE_MS * 1.5;
    const probes = generationRequests(stack.sim('primary')).filter((request) => request.receivedAt >= openedAtEpochMs && request.receivedAt < window.endEpochMs);
    // A half-open probe at most once per base ejection time (1 s; failed probes eject for longer):
    // a phase that a loaded machine stretches past its 3 s minimum may see one more per second.
    // Without the breaker the primary would see every one of the phase's 400+ requests.
    const openSeconds = Math.ceil((window.endEpochMs - openedAtEpochMs) / 1_000);
    expect(probes.length).toBeLessThanOrEqual(Math.max(4, openSeconds));
    // So the typical request runs at the fallback's speed, far below the first-byte timeout.
    expect(percentile(requests.map((record) => record.durationMs), 50)).toBeLessThan(fallbackSpeedBound(50));
    const afterOpen = requests.filter((record) => record.startedAtMs >= window.startMs + FIRST_BYTE_MS * 1.5);
    expect(afterOpen.length).toBeGreaterThan(100);
    expect(percentile(afterOpen.map((record) => record.durationMs), 50)).toBeLessThan(fallbackSpeedBound(50));
  });

  it('connection refused: every request is served by the fallback without delay', () => {
    const requests = recordsOf('connection refused');
    expect(primaryRequestsDuring('connection refused')).toBe(0);
    // Those sent in the last moments may reach the primary once it accepts again; all others the fallback.
    const settled = settledWithin('connection refused');
    expect(settled.length).toBeGreaterThan(300);
    expect(settled.filter((record) => record.target !== FALLBACK)).toEqual([]);
    // Requests still hanging from the previous phase are cut when the primary goes; new ones never wait:
    // no answer names a timeout on the way, and the slow tail stays below what waiting out the
    // first-byte timeout costs (a second, then the fallback's own time). The healthy phase's p99 ×3
    // alone was too tight when CI's machine stalled a burst of requests (867 ms against 547 ms).
    expect(requests.filter((record) => (record.failovers ?? '').includes('=timeout'))).toEqual([]);
    expect(percentile(requests.map((record) => record.durationMs), 99)).toBeLessThan(Math.max(fallbackSpeedBound(99), FIRST_BYTE_MS));
  });
});
