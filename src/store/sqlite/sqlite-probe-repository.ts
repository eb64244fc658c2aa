import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { ComponentId } from '../../health/health-types.js';
import { normalizeLimit } from '../list-limit.js';
import type { ProbeRepository, ProbeResult } from '../store.js';
import { sqliteBooleanSchema, toNullable, toSqliteBoolean } from './row-schemas.js';

const probeRowSchema = z.object({
  component_id: z.string(),
  at: z.number(),
  ok: sqliteBooleanSchema,
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

/** Probe results in SQLite; `seq` orders results recorded at the same millisecond. */
export function createSqliteProbeRepository(database: Database): ProbeRepository {
  const insert = database.prepare(
    `INSERT INTO probe_results (component_id, at, ok, failure_class, latency_ms, key_label)
     VALUES (@component_id, @at, @ok, @failure_class, @latency_ms, @key_label)`,
  );
  const selectLatest = database.prepare<[string, number]>(
    `SELECT component_id, at, ok, failure_class, latency_ms, key_label FROM probe_results
     WHERE component_id = ? ORDER BY at DESC, seq DESC LIMIT ?`,
  );
  const deleteBefore = database.prepare<[number]>('DELETE FROM probe_results WHERE at < ?');

  return {
    async add(result: ProbeResult) {
      insert.run({
        component_id: result.componentId,
        at: result.at,
        ok: toSqliteBoolean(result.ok),
        failure_class: toNullable(result.failureClass),
        latency_ms: result.latencyMs,
        key_label: toNullable(result.key),
      });
    },
    async latest(componentId: ComponentId, limit: number) {
      return selectLatest.all(componentId, normalizeLimit(limit) ?? -1).map(toProbeResult);
    },
    async prune(beforeMs: number) {
      return deleteBefore.run(beforeMs).changes;
    },
  };
}
