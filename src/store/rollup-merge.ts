import { worseStatus } from '../health/health-types.js';
import type { Rollup } from './store.js';

const MINUTE_MS = 60_000;

/** The start of the minute holding `epochMs`; rollups are keyed by it. */
export function minuteStart(epochMs: number): number {
  return Math.floor(epochMs / MINUTE_MS) * MINUTE_MS;
}

/** Adds `added` into `existing` (same component and minute): counts sum, the worst status wins. */
export function mergeRollup(existing: Rollup, added: Rollup): Rollup {
  return {
    componentId: existing.componentId,
    minute: existing.minute,
    requests: existing.requests + added.requests,
    failures: existing.failures + added.failures,
    latencySumMs: existing.latencySumMs + added.latencySumMs,
    latencyCount: existing.latencyCount + added.latencyCount,
    ttftSumMs: existing.ttftSumMs + added.ttftSumMs,
    ttftCount: existing.ttftCount + added.ttftCount,
    probes: existing.probes + added.probes,
    probeFailures: existing.probeFailures + added.probeFailures,
    worstStatus: worseStatus(existing.worstStatus, added.worstStatus),
  };
}
