import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';

/** Where the SQLite store lives when the configuration does not say. */
export const DEFAULT_SQLITE_PATH = '.lifeline/lifeline.db';

/** The default wait for a lock held by another connection before failing with SQLITE_BUSY. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/** Options for {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** A file path, or `:memory:` for a private in-memory database. */
  path: string;
  busyTimeoutMs?: number;
}

/** True for SQLite's in-memory names, which have no directory to create. */
function isInMemory(path: string): boolean {
  return path === ':memory:' || path === '' || path.startsWith('file::memory:');
}

/**
 * Opens a connection configured for Lifeline: WAL so status-page reads never wait for the health
 * monitor's writes, `synchronous = NORMAL` (durable across process crashes in WAL mode, which is
 * what a restart needs), a busy timeout for a second process such as `lifeline status`, and
 * foreign keys on (SQLite leaves them off by default). Creates the parent directory if missing.
 */
export function openDatabase(options: OpenDatabaseOptions): Database {
  if (!isInMemory(options.path)) mkdirSync(dirname(options.path), { recursive: true });
  const database = new BetterSqlite3(options.path, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
  try {
    // journal_mode cannot change inside a transaction, so it is set here and not in a migration.
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    return database;
  } catch (error) {
    database.close();
    throw error;
  }
}
