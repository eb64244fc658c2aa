import type { Clock } from '../resilience/clock.js';
import { createMemoryStore } from './memory/memory-store.js';
import { withRedactedText } from './redact-stored-text.js';
import { createSqliteStore } from './sqlite/sqlite-store.js';
import type { LifelineStore } from './store.js';

/** Which backend to open, as the configuration names it. */
export type StoreOptions =
  | { kind: 'sqlite'; path: string; clock?: Clock; busyTimeoutMs?: number }
  | { kind: 'memory'; clock?: Clock };

/**
 * Opens the configured store, with its text redacted on the way in (see withRedactedText). Async although today's backends open synchronously, because a
 * PostgreSQL backend will need to connect first; callers are already written for that.
 * @example
 * const store = await createStore({ kind: 'sqlite', path: '.lifeline/lifeline.db' });
 */
export async function createStore(options: StoreOptions): Promise<LifelineStore> {
  return withRedactedText(openBackend(options));
}

function openBackend(options: StoreOptions): LifelineStore {
  switch (options.kind) {
    case 'sqlite':
      return createSqliteStore({ path: options.path, clock: options.clock, busyTimeoutMs: options.busyTimeoutMs });
    case 'memory':
      return createMemoryStore({ clock: options.clock });
  }
}
