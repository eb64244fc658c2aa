import type pg from 'pg';
import { z } from 'zod';
import type { KeyUsage, KeyUsageRepository } from '../store.js';
import { inTransaction, query } from './postgres-pool.js';

const usageRowSchema = z.object({
  key_name: z.string(),
  day: z.string(),
  model: z.string(),
  target: z.string(),
  requests: z.number(),
  input_tokens: z.number(),
  output_tokens: z.number(),
});

const USAGE_COLUMNS = 'key_name, day, model, target, requests, input_tokens, output_tokens';

function toUsage(row: unknown): KeyUsage {
  const parsed = usageRowSchema.parse(row);
  return {
    keyName: parsed.key_name,
    day: parsed.day,
    model: parsed.model,
    target: parsed.target,
    requests: parsed.requests,
    inputTokens: parsed.input_tokens,
    outputTokens: parsed.output_tokens,
  };
}

/** Per-day key usage in PostgreSQL; every instance adds into the same rows. */
export function createPostgresKeyUsageRepository(pool: pg.Pool): KeyUsageRepository {
  return {
    async add(rows) {
      if (rows.length === 0) return;
      await inTransaction(pool, async (client) => {
        for (const row of rows) {
          await client.query(
            `INSERT INTO key_usage (${USAGE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (key_name, day, model, target) DO UPDATE SET
               requests = key_usage.requests + excluded.requests,
               input_tokens = key_usage.input_tokens + excluded.input_tokens,
               output_tokens = key_usage.output_tokens + excluded.output_tokens`,
            [row.keyName, row.day, row.model, row.target, row.requests, row.inputTokens, row.outputTokens],
          );
        }
      });
    },
    async range(keyName, fromDay, toDay) {
      //: byte order, as SQLite and the memory store sort.
      const { rows } = await query(
        pool,
        `SELECT ${USAGE_COLUMNS} FROM key_usage WHERE ($1::text IS NULL OR key_name = $1::text) AND day >= $2 AND day <= $3
         ORDER BY key_name, day, model, target`,
        [keyName ?? null, fromDay, toDay],
      );
      return rows.map(toUsage);
    },
    async prune(beforeDay) {
      return (await query(pool, 'DELETE FROM key_usage WHERE day < $1', [beforeDay])).rowCount ?? 0;
    },
  };
}
