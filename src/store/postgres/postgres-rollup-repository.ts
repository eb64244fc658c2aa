import type pg from 'pg';
import type { ComponentId } from '../../health/health-types.js';
import { minuteStart } from '../rollup-merge.js';
import { ROLLUP_COLUMNS, severityOf, toRollup } from '../sqlite/sqlite-rollup-repository.js';
import type { RollupRepository } from '../store.js';
import { inTransaction, query } from './postgres-pool.js';

const UPSERT = `INSERT INTO rollups (${ROLLUP_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
  ON CONFLICT (component_id, minute) DO UPDATE SET
    requests = rollups.requests + excluded.requests,
    failures = rollups.failures + excluded.failures,
    latency_sum_ms = rollups.latency_sum_ms + excluded.latency_sum_ms,
    latency_count = rollups.latency_count + excluded.latency_count,
    ttft_sum_ms = rollups.ttft_sum_ms + excluded.ttft_sum_ms,
    ttft_count = rollups.ttft_count + excluded.ttft_count,
    probes = rollups.probes + excluded.probes,
    probe_failures = rollups.probe_failures + excluded.probe_failures,
    worst_status = CASE WHEN ${severityOf('excluded.worst_status')} > ${severityOf('rollups.worst_status')}
                        THEN excluded.worst_status ELSE rollups.worst_status END`;

/** Per-minute rollups in PostgreSQL: instances sharing the database add into the same minutes. */
export function createPostgresRollupRepository(pool: pg.Pool): RollupRepository {
  return {
    async add(rollups) {
      if (rollups.length === 0) return;
      // One transaction per flush; an UPSERT per row, because one multi-row UPSERT may not touch a row twice.
      await inTransaction(pool, async (client) => {
        for (const rollup of rollups) {
          await client.query(UPSERT, [
            rollup.componentId,
            minuteStart(rollup.minute),
            rollup.requests,
            rollup.failures,
            rollup.latencySumMs,
            rollup.latencyCount,
            rollup.ttftSumMs,
            rollup.ttftCount,
            rollup.probes,
            rollup.probeFailures,
            rollup.worstStatus,
          ]);
        }
      });
    },
    async range(componentId: ComponentId, fromMs: number, toMs: number) {
      const { rows } = await query(pool, `SELECT ${ROLLUP_COLUMNS} FROM rollups WHERE component_id = $1 AND minute >= $2 AND minute < $3 ORDER BY minute`, [
        componentId,
        fromMs,
        toMs,
      ]);
      return rows.map(toRollup);
    },
    async prune(beforeMs) {
      return (await query(pool, 'DELETE FROM rollups WHERE minute < $1', [beforeMs])).rowCount ?? 0;
    },
  };
}
