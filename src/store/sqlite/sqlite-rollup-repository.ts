import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { STATUS_SEVERITY, type ComponentId } from '../../health/health-types.js';
import { minuteStart } from '../rollup-merge.js';
import type { Rollup, RollupRepository } from '../store.js';
import { componentStatusSchema } from './row-schemas.js';

const rollupRowSchema = z.object({
  component_id: z.string(),
  minute: z.number(),
  requests: z.number(),
  failures: z.number(),
  latency_sum_ms: z.number(),
  latency_count: z.number(),
  ttft_sum_ms: z.number(),
  ttft_count: z.number(),
  probes: z.number(),
  probe_failures: z.number(),
  worst_status: componentStatusSchema,
});

/** Rollup columns in table order, shared with the PostgreSQL store (same names and meanings). */
export const ROLLUP_COLUMNS =
  'component_id, minute, requests, failures, latency_sum_ms, latency_count, ttft_sum_ms, ttft_count, probes, probe_failures, worst_status';

/**
 * A SQL expression giving the severity of a status column. Built from STATUS_SEVERITY so the
 * upsert and the memory store can never disagree about which status is worse (PostgreSQL's too).
 */
export function severityOf(column: string): string {
  const cases = Object.entries(STATUS_SEVERITY)
    .map(([status, severity]) => `WHEN '${status}' THEN ${severity}`)
    .join(' ');
  return `(CASE ${column} ${cases} ELSE 0 END)`;
}

/** A `rollups` row (SQLite's or PostgreSQL's: both read numbers) as a Rollup. */
export function toRollup(row: unknown): Rollup {
  const parsed = rollupRowSchema.parse(row);
  return {
    componentId: parsed.component_id,
    minute: parsed.minute,
    requests: parsed.requests,
    failures: parsed.failures,
    latencySumMs: parsed.latency_sum_ms,
    latencyCount: parsed.latency_count,
    ttftSumMs: parsed.ttft_sum_ms,
    ttftCount: parsed.ttft_count,
    probes: parsed.probes,
    probeFailures: parsed.probe_failures,
    worstStatus: parsed.worst_status,
  };
}

/** Per-minute rollups in SQLite; adding to an existing minute is one UPSERT. */
export function createSqliteRollupRepository(database: Database): RollupRepository {
  const upsert = database.prepare(
    `INSERT INTO rollups (${ROLLUP_COLUMNS})
     VALUES (@component_id, @minute, @requests, @failures, @latency_sum_ms, @latency_count, @ttft_sum_ms, @ttft_count, @probes, @probe_failures, @worst_status)
     ON CONFLICT (component_id, minute) DO UPDATE SET
       requests = requests + excluded.requests,
       failures = failures + excluded.failures,
       latency_sum_ms = latency_sum_ms + excluded.latency_sum_ms,
       latency_count = latency_count + excluded.latency_count,
       ttft_sum_ms = ttft_sum_ms + excluded.ttft_sum_ms,
       ttft_count = ttft_count + excluded.ttft_count,
       probes = probes + excluded.probes,
       probe_failures = probe_failures + excluded.probe_failures,
       worst_status = CASE WHEN ${severityOf('excluded.worst_status')} > ${severityOf('rollups.worst_status')}
                           THEN excluded.worst_status ELSE rollups.worst_status END`,
  );
  const selectRange = database.prepare<[string, number, number]>(
    `SELECT ${ROLLUP_COLUMNS} FROM rollups WHERE component_id = ? AND minute >= ? AND minute < ? ORDER BY minute`,
  );
  const deleteBefore = database.prepare<[number]>('DELETE FROM rollups WHERE minute < ?');

  // One transaction per batch: one fsync for a whole flush of the health monitor's minute.
  const addAll = database.transaction((rollups: Rollup[]) => {
    for (const rollup of rollups) {
      upsert.run({
        component_id: rollup.componentId,
        minute: minuteStart(rollup.minute),
        requests: rollup.requests,
        failures: rollup.failures,
        latency_sum_ms: rollup.latencySumMs,
        latency_count: rollup.latencyCount,
        ttft_sum_ms: rollup.ttftSumMs,
        ttft_count: rollup.ttftCount,
        probes: rollup.probes,
        probe_failures: rollup.probeFailures,
        worst_status: rollup.worstStatus,
      });
    }
  });

  return {
    async add(rollups: Rollup[]) {
      addAll(rollups);
    },
    async range(componentId: ComponentId, fromMs: number, toMs: number) {
      return selectRange.all(componentId, fromMs, toMs).map(toRollup);
    },
    async prune(beforeMs: number) {
      return deleteBefore.run(beforeMs).changes;
    },
  };
}
