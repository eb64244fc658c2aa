import { resolve } from 'node:path';
import { systemClock, type Clock } from '../../core/clock.js';
import { createIdGenerator } from '../../core/create-id.js';
import type { LifelineStore } from '../store.js';
import { applyMigrations } from './apply-migrations.js';
import { MIGRATIONS } from './migrations.js';
import { DEFAULT_SQLITE_PATH, openDatabase } from './open-database.js';
import { createSqliteDeferredJobRepository } from './sqlite-deferred-job-repository.js';
import { createSqliteClientKeyRepository } from './sqlite-client-key-repository.js';
import { createSqliteIncidentRepository } from './sqlite-incident-repository.js';
import { createSqliteKeyUsageRepository } from './sqlite-key-usage-repository.js';
import { createSqliteProbeRepository } from './sqlite-probe-repository.js';
import { createSqliteResponseRepository } from './sqlite-response-repository.js';
import { createSqliteRollupRepository } from './sqlite-rollup-repository.js';
import { createSqliteWebhookRepository } from './sqlite-webhook-repository.js';

/** Options for {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /** Database file (its directory is created if missing), or `:memory:`. Default `.lifeline/lifeline.db`. */
  path?: string;
  /** Time source for defaulted timestamps, ids and `schema_migrations.applied_at`. */
  clock?: Clock;
  /** How long to wait for another connection's lock before failing. Default 5 000 ms. */
  busyTimeoutMs?: number;
}

/**
 * The embedded default store: one SQLite file in WAL mode, migrated to the current schema on
 * open. better-sqlite3 is synchronous, so each method does its work at once and returns a settled
 * promise. Throws `StoreSchemaTooNewError` when the file comes from a newer Lifeline.
 * @example
 * const store = createSqliteStore({ path: '.lifeline/lifeline.db' });
 * await store.rollups.add([{ componentId: 'provider:openai', minute: 1_700_000_040_000, requests: 12, ... }]);
 * await store.close();
 */
export function createSqliteStore(options: SqliteStoreOptions = {}): LifelineStore {
  const path = options.path ?? DEFAULT_SQLITE_PATH;
  const clock = options.clock ?? systemClock;
  const database = openDatabase({ path, busyTimeoutMs: options.busyTimeoutMs });
  const nextId = createIdGenerator(clock);
  try {
    applyMigrations(database, MIGRATIONS, { location: path === ':memory:' ? path : resolve(path), nowMs: clock.now() });
    const store: LifelineStore = {
      kind: 'sqlite',
      incidents: createSqliteIncidentRepository(database, clock, nextId),
      rollups: createSqliteRollupRepository(database),
      probes: createSqliteProbeRepository(database),
      webhooks: createSqliteWebhookRepository(database, nextId),
      clientKeys: createSqliteClientKeyRepository(database),
      keyUsage: createSqliteKeyUsageRepository(database),
      deferredJobs: createSqliteDeferredJobRepository(database),
      responses: createSqliteResponseRepository(database),
      async close() {
        // Idempotent: shutdown paths may close twice.
        if (database.open) database.close();
      },
    };
    return store;
  } catch (error) {
    database.close();
    throw error;
  }
}
