import type pg from 'pg';
import { z } from 'zod';
import { normalizeLimit } from '../list-limit.js';
import type { ProbeRepository, ProbeResult } from '../store.js';
import { query } from './postgres-pool.js';

const probeRowSchema = z.object({
  component_id: z.string(),
  at: z.number(),
  ok: z.boolean(),
  failure_class: z.string().nullable(),
  latency_ms: z.number(),
  key_label: z.string().nullable(),
});

function toProbeResult(row: unknown): ProbeResult {
  const parsed = probeRowSchema.parse(row);
  const result: ProbeResult = { componentId: parsed.component_id, at: parsed.at, ok: parsed.ok, latencyMs: parsed.latency_ms };
  if (parsed.failure_class !== null) result.failureClass = parsed.failure_class;
  if (parsed.key_label !== null) result.key = parsed.key_label;
  return result;
}

/** Probe results in PostgreSQL; `seq` orders results recorded at the same millisecond. */
export function createPostgresProbeRepository(pool: pg.Pool): ProbeRepository {
  return {
    async add(result) {
      await query(pool, 'INSERT INTO probe_results (component_id, at, ok, failure_class, latency_ms, key_label) VALUES ($1, $2, $3, $4, $5, $6)', [
        result.componentId,
        result.at,
        result.ok,
        result.failureClass ?? null,
        result.latencyMs,
        result.key ?? null,
      ]);
    },
    async latest(componentId, limit) {
      const { rows } = await query(
        pool,
        'SELECT component_id, at, ok, failure_class, latency_ms, key_label FROM probe_results WHERE component_id = $1 ORDER BY at DESC, seq DESC LIMIT $2::bigint',
        [componentId, normalizeLimit(limit) ?? null],
      );
      return rows.map(toProbeResult);
    },
    async prune(beforeMs) {
      return (await query(pool, 'DELETE FROM probe_results WHERE at < $1', [beforeMs])).rowCount ?? 0;
    },
  };
}
