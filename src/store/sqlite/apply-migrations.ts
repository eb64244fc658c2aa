import type { Database } from 'better-sqlite3';
import { StoreSchemaTooNewError } from '../store-schema-too-new-error.js';
import type { Migration } from './migrations.js';

/** What {@link applyMigrations} did. */
export interface MigrationResult {
  /** Versions applied by this call, in order (empty when the schema was current). */
  applied: number[];
  /** The schema version after the call. */
  version: number;
}

/** Options for {@link applyMigrations}. */
export interface ApplyMigrationsOptions {
  /** Where the database lives, for error messages. */
  location: string;
  /** Epoch ms recorded as `applied_at`. */
  nowMs: number;
}

/** Programmer errors in the list itself are caught before any SQL runs. */
function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration #${index} has version ${migration.version}; versions must be 1, 2, 3, … without gaps`);
    }
  });
}

/**
 * Brings the schema up to the last of `migrations`, recording each step in `schema_migrations`.
 * Pending steps run in ONE immediate transaction: an upgrade either completes or leaves the file
 * at its old version, and a second process opening the file at the same time waits (busy timeout)
 * then sees the steps already recorded. A database newer than the list is refused.
 */
export function applyMigrations(
  database: Database,
  migrations: readonly Migration[],
  options: ApplyMigrationsOptions,
): MigrationResult {
  assertOrdered(migrations);
  const latestKnown = migrations.length;
  database.exec(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at INTEGER NOT NULL
    ) STRICT
  `);
  const readVersion = database.prepare<[], { version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations');
  const record = database.prepare<[number, string, number]>('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');

  const migrate = database.transaction((): MigrationResult => {
    const current = readVersion.get()?.version ?? 0;
    if (current > latestKnown) throw new StoreSchemaTooNewError(options.location, current, latestKnown);
    const applied: number[] = [];
    for (const migration of migrations.slice(current)) {
      database.exec(migration.sql);
      record.run(migration.version, migration.name, options.nowMs);
      applied.push(migration.version);
    }
    return { applied, version: Math.max(current, latestKnown) };
  });
  return migrate.immediate();
}
