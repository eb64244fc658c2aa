import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The database the tests use: the machine's PostgreSQL (trust auth, database `test`), or LIFELINE_TEST_POSTGRES_URL. */
export const TEST_POSTGRES_URL = process.env.LIFELINE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Whether PostgreSQL answers, checked once per test file before the suites are declared. A test
 * that needs it skips with this reason when it does not, except under `CI=true`, where a missing
 * database must fail the run rather than hide a part of it.
 */
export async function postgresSkipReason(): Promise<{ reason: string } | undefined> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL at ${TEST_POSTGRES_URL} is required under CI=true: ${(error as Error).message}`);
    return { reason: `PostgreSQL at ${TEST_POSTGRES_URL} is unreachable (${(error as Error).message}); set LIFELINE_TEST_POSTGRES_URL or start it` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A fresh schema name, unique per call, so parallel test runs never share tables. */
export function freshSchemaName(label = 'test'): string {
  return `lifeline_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Drops the given schemas and everything in them (test clean-up). */
export async function dropSchemas(schemas: readonly string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
