import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runStoreConformance } from '../store-conformance.test-suite.js';
import { StoreSchemaTooNewError } from '../store-schema-too-new-error.js';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.js';
import { createPostgresStore } from './postgres-store.js';
import { dropSchemas, freshSchemaName, postgresSkipReason, TEST_POSTGRES_URL } from './postgres-test-schema.js';

const skip = await postgresSkipReason();
const schemas: string[] = [];
/** A store in a schema of its own, dropped after the file. */
const freshStore = (label?: string) => {
  const schema = freshSchemaName(label);
  schemas.push(schema);
  return createPostgresStore({ url: TEST_POSTGRES_URL, schema, poolSize: 3 });
};

afterAll(async () => {
  if (!skip) await dropSchemas(schemas);
});

runStoreConformance({ name: 'postgres', create: () => freshStore(), ...(skip ? { skip } : {}) });

async function rawQuery<Row extends pg.QueryResultRow>(schema: string, text: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    return (await client.query<Row>(text)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(skip !== undefined)(`createPostgresStore${skip ? ` (skipped: ${skip.reason})` : ''}`, () => {
  it('migrates a fresh schema once and records every step', async () => {
    const schema = freshSchemaName('migrate');
    schemas.push(schema);
    const first = await createPostgresStore({ url: TEST_POSTGRES_URL, schema, clock: { now: () => 7_000 } });
    await first.close();
    expect(first.migration).toEqual({ applied: POSTGRES_MIGRATIONS.map((step) => step.version), version: POSTGRES_MIGRATIONS.length });
    const second = await createPostgresStore({ url: TEST_POSTGRES_URL, schema });
    await second.close();
    expect(second.migration).toEqual({ applied: [], version: POSTGRES_MIGRATIONS.length });
    const recorded = await rawQuery<{ version: number; applied_at: string }>(schema, 'SELECT version, applied_at FROM schema_migrations ORDER BY version');
    expect(recorded.map((row) => [row.version, Number(row.applied_at)])).toEqual(POSTGRES_MIGRATIONS.map((step) => [step.version, 7_000]));
  });

  it('runs concurrent migrations of one schema exactly once (advisory lock)', async () => {
    const schema = freshSchemaName('race');
    schemas.push(schema);
    const stores = await Promise.all([1, 2, 3].map(() => createPostgresStore({ url: TEST_POSTGRES_URL, schema, poolSize: 1 })));
    await Promise.all(stores.map((store) => store.close()));
    expect(stores.map((store) => store.migration.applied.length).sort()).toEqual([0, 0, POSTGRES_MIGRATIONS.length]);
  });

  it('refuses a schema written by a newer Lifeline, naming the database without its password', async () => {
    const schema = freshSchemaName('newer');
    schemas.push(schema);
    await (await createPostgresStore({ url: TEST_POSTGRES_URL, schema })).close();
    await rawQuery(schema, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (${POSTGRES_MIGRATIONS.length + 1}, 'from the future', 0)`);
    const withPassword = TEST_POSTGRES_URL.replace('postgres://postgres@', 'postgres://postgres:hunter2-secret@');
    const attempt = createPostgresStore({ url: withPassword, schema });
    await expect(attempt).rejects.toBeInstanceOf(StoreSchemaTooNewError);
    await expect(attempt).rejects.toMatchObject({ code: 'STORE_SCHEMA_TOO_NEW', databaseVersion: POSTGRES_MIGRATIONS.length + 1, supportedVersion: POSTGRES_MIGRATIONS.length });
    const message = await attempt.catch((error: Error) => error.message);
    expect(message).toContain(`schema ${schema}`);
    expect(message).toContain('written by a newer Lifeline');
    expect(message).not.toContain('hunter2-secret');
  });

  it('keeps everything across close and reopen, shared by two stores on one schema', async () => {
    const schema = freshSchemaName('shared');
    schemas.push(schema);
    const one = await createPostgresStore({ url: TEST_POSTGRES_URL, schema });
    const two = await createPostgresStore({ url: TEST_POSTGRES_URL, schema });
    try {
      const incident = await one.incidents.create({ title: 'Errors on openai', status: 'investigating', impact: 'major', componentIds: ['provider:openai'], automatic: true, body: 'every request failed', at: 1_000 });
      await two.incidents.update(incident.id, { status: 'resolved', body: 'recovered', automatic: true, at: 2_000 });
      const rollup = { componentId: 'provider:openai', minute: 60_000, requests: 3, failures: 1, latencySumMs: 30.5, latencyCount: 3, ttftSumMs: 0, ttftCount: 0, probes: 0, probeFailures: 0, worstStatus: 'degraded_performance' as const };
      await one.rollups.add([rollup]);
      await two.rollups.add([{ ...rollup, worstStatus: 'operational' }]);
      expect(await one.rollups.range('provider:openai', 0, 120_000)).toEqual([{ ...rollup, requests: 6, failures: 2, latencySumMs: 61, latencyCount: 6 }]);
      expect((await one.incidents.get(incident.id))?.updates.map((update) => update.status)).toEqual(['investigating', 'resolved']);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('answers an unreachable database with STORE_UNAVAILABLE', async () => {
    const attempt = createPostgresStore({ url: 'postgres://postgres@127.0.0.1:1/test', schema: freshSchemaName('nowhere') });
    await expect(attempt).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('refuses a schema name that would need quoting', async () => {
    await expect(createPostgresStore({ url: TEST_POSTGRES_URL, schema: 'Robert"; DROP' })).rejects.toThrow(/plain lower-case identifier/);
  });
});
