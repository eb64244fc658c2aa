import type pg from 'pg';
import { StoreSchemaTooNewError } from '../store-schema-too-new-error.js';
import type { MigrationResult } from '../sqlite/apply-migrations.js';
import type { Migration } from '../sqlite/migrations.js';
import { guarded } from './postgres-pool.js';

/** Options for {@link applyPostgresMigrations}. */
export interface ApplyPostgresMigrationsOptions {
  /** The store's schema (created if missing). */
  schema: string;
  /** Where the database is, for error messages (no password). */
  location: string;
  /** Epoch ms recorded as `applied_at`. */
  nowMs: number;
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration #${index} has version ${migration.version}; versions must be 1, 2, 3, … without gaps`);
    }
  });
}

/**
 * Brings the schema up to the last of `migrations`. Several instances may start at once: each
 * takes a session advisory lock named after the schema, so exactly one applies the pending steps
 * (in one transaction: all or none) while the others wait, then find them recorded and apply
 * nothing. A schema from a newer Lifeline is refused with the same error as SQLite's.
 */
export async function applyPostgresMigrations(pool: pg.Pool, migrations: readonly Migration[], options: ApplyPostgresMigrationsOptions): Promise<MigrationResult> {
  assertOrdered(migrations);
  const latestKnown = migrations.length;
  const schema = `"${options.schema}"`;
  const lockName = `lifeline-migrations:${options.schema}`;
  return guarded(async () => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockName]);
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`);
        const { rows } = await client.query<{ version: number }>(`SELECT COALESCE(MAX(version), 0)::int AS version FROM ${schema}.schema_migrations`);
        const current = rows[0]?.version ?? 0;
        if (current > latestKnown) throw new StoreSchemaTooNewError(options.location, current, latestKnown);
        const pending = migrations.slice(current);
        if (pending.length > 0) {
          await client.query('BEGIN');
          try {
            for (const migration of pending) {
              await client.query(migration.sql);
              await client.query(`INSERT INTO ${schema}.schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`, [migration.version, migration.name, options.nowMs]);
            }
            await client.query('COMMIT');
          } catch (error) {
            await client.query('ROLLBACK').catch((rollbackError: unknown) => (broken = rollbackError as Error));
            throw error;
          }
        }
        return { applied: pending.map((migration) => migration.version), version: Math.max(current, latestKnown) };
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockName]).catch((unlockError: unknown) => (broken = unlockError as Error));
      }
    } finally {
      // A connection whose unlock failed is destroyed, which releases the lock with the session.
      client.release(broken);
    }
  });
}
