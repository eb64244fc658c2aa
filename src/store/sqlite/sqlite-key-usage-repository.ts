import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { KeyUsage, KeyUsageRepository } from '../store.js';

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

/** Per-day key usage in SQLite; adding is one UPSERT per row, a batch in one transaction. */
export function createSqliteKeyUsageRepository(database: Database): KeyUsageRepository {
  const upsert = database.prepare(
    `INSERT INTO key_usage (${USAGE_COLUMNS}) VALUES (@key_name, @day, @model, @target, @requests, @input_tokens, @output_tokens)
     ON CONFLICT (key_name, day, model, target) DO UPDATE SET
       requests = requests + excluded.requests,
       input_tokens = input_tokens + excluded.input_tokens,
       output_tokens = output_tokens + excluded.output_tokens`,
  );
  const selectRange = database.prepare<{ key_name: string | null; from: string; to: string }>(
    `SELECT ${USAGE_COLUMNS} FROM key_usage WHERE (@key_name IS NULL OR key_name = @key_name) AND day >= @from AND day <= @to
     ORDER BY key_name, day, model, target`,
  );
  const deleteBefore = database.prepare<[string]>('DELETE FROM key_usage WHERE day < ?');
  const addAll = database.transaction((rows: KeyUsage[]) => {
    for (const row of rows) {
      upsert.run({
        key_name: row.keyName,
        day: row.day,
        model: row.model,
        target: row.target,
        requests: row.requests,
        input_tokens: row.inputTokens,
        output_tokens: row.outputTokens,
      });
    }
  });

  return {
    async add(rows) {
      addAll(rows);
    },
    async range(keyName, fromDay, toDay) {
      return selectRange.all({ key_name: keyName ?? null, from: fromDay, to: toDay }).map(toUsage);
    },
    async prune(beforeDay) {
      return deleteBefore.run(beforeDay).changes;
    },
  };
}
