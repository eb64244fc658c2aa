import { systemClock, type Clock } from '../../core/clock.js';
import { createIdGenerator } from '../../core/create-id.js';
import type { MigrationResult } from '../sqlite/apply-migrations.js';
import type { LifelineStore } from '../store.js';
import { applyPostgresMigrations } from './apply-postgres-migrations.js';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.js';
import { createPostgresDeferredJobRepository } from './postgres-deferred-job-repository.js';
import { createPostgresClientKeyRepository } from './postgres-client-key-repository.js';
import { createPostgresIncidentRepository } from './postgres-incident-repository.js';
import { createPostgresKeyUsageRepository } from './postgres-key-usage-repository.js';
import { createPostgresPool, describePostgresUrl } from './postgres-pool.js';
import { createPostgresProbeRepository } from './postgres-probe-repository.js';
import { createPostgresResponseRepository } from './postgres-response-repository.js';
import { createPostgresRollupRepository } from './postgres-rollup-repository.js';
import { createPostgresWebhookRepository } from './postgres-webhook-repository.js';

/** Options for {@link createPostgresStore}. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/database` */
  url: string;
  /** Schema holding the tables (created if missing). Default `public`. */
  schema?: string;
  /** Pooled connections at most. Default 10. */
  poolSize?: number;
  clock?: Clock;
  /** Errors of idle pooled connections (the server went away); the pool reconnects on next use. */
  onIdleError?: (error: Error) => void;
}

/** A PostgreSQL store and what its migration step did (for `lifeline store migrate`). */
export type PostgresStore = LifelineStore & { readonly migration: MigrationResult };

/**
 * The store for several instances sharing one database: pooled connections, migrated on open
 * under an advisory lock (so instances may start together), rows shared by every instance.
 * Throws `StoreSchemaTooNewError` for a schema from a newer Lifeline, and `StoreUnavailableError`
 * when the database cannot be reached.
 * @example
 * const store = await createPostgresStore({ url: 'postgres://lifeline@db.internal/lifeline' });
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const schema = options.schema ?? 'public';
  const clock = options.clock ?? systemClock;
  const pool = createPostgresPool({ url: options.url, schema, ...(options.poolSize !== undefined ? { poolSize: options.poolSize } : {}), ...(options.onIdleError ? { onIdleError: options.onIdleError } : {}) });
  const nextId = createIdGenerator(clock);
  let ended: Promise<void> | undefined;
  try {
    const migration = await applyPostgresMigrations(pool, POSTGRES_MIGRATIONS, { schema, location: describePostgresUrl(options.url, schema), nowMs: clock.now() });
    return {
      kind: 'postgres',
      migration,
      incidents: createPostgresIncidentRepository(pool, clock, nextId),
      rollups: createPostgresRollupRepository(pool),
      probes: createPostgresProbeRepository(pool),
      webhooks: createPostgresWebhookRepository(pool, nextId),
      clientKeys: createPostgresClientKeyRepository(pool),
      keyUsage: createPostgresKeyUsageRepository(pool),
      deferredJobs: createPostgresDeferredJobRepository(pool),
      responses: createPostgresResponseRepository(pool),
      close() {
        // Idempotent: shutdown paths may close twice; pg's end() may only be called once.
        ended ??= pool.end();
        return ended;
      },
    };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}
