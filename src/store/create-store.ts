import type { ResolvedConfig } from '../config/resolved-config.js';
import type { Clock } from '../core/clock.js';
import { createMemoryStore } from './memory/memory-store.js';
import { withRedactedText } from './redact-stored-text.js';
import { createSqliteStore } from './sqlite/sqlite-store.js';
import type { LifelineStore } from './store.js';

/** Which backend to open, as the configuration names it. */
export type StoreOptions =
  | { kind: 'sqlite'; path: string; clock?: Clock; busyTimeoutMs?: number }
  | { kind: 'postgres'; url: string; schema?: string; poolSize?: number; clock?: Clock; onIdleError?: (error: Error) => void }
  | { kind: 'memory'; clock?: Clock };

/** The backend the configuration's `storage:` block names: PostgreSQL when `url` is set, else the SQLite file. */
export function storeOptionsOf(storage: ResolvedConfig['storage'], extra: { onIdleError?: (error: Error) => void } = {}): StoreOptions {
  if (storage.url !== undefined) {
    return { kind: 'postgres', url: storage.url, ...(storage.schema ? { schema: storage.schema } : {}), ...(storage.poolSize ? { poolSize: storage.poolSize } : {}), ...extra };
  }
  return { kind: 'sqlite', path: storage.path };
}

/**
 * Opens the configured store, with its text redacted on the way in (see withRedactedText).
 * PostgreSQL connects and migrates first, so this is async.
 * @example
 * const store = await createStore({ kind: 'sqlite', path: '.lifeline/lifeline.db' });
 */
export async function createStore(options: StoreOptions): Promise<LifelineStore> {
  return withRedactedText(await openBackend(options));
}

async function openBackend(options: StoreOptions): Promise<LifelineStore> {
  switch (options.kind) {
    case 'sqlite':
      return createSqliteStore({ path: options.path, clock: options.clock, busyTimeoutMs: options.busyTimeoutMs });
    case 'postgres': {
      // pg and the PostgreSQL repositories load only for a PostgreSQL store.
      const { createPostgresStore } = await import('./postgres/postgres-store.js');
      return createPostgresStore(options);
    }
    case 'memory':
      return createMemoryStore({ clock: options.clock });
  }
}
