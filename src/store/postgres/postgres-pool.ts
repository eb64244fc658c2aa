import pg from 'pg';
import { StoreUnavailableError } from '../../errors/index.js';
import { DEFAULT_POSTGRES_POOL_SIZE, SCHEMA_NAME_PATTERN } from './postgres-settings.js';

export { DEFAULT_POSTGRES_POOL_SIZE, SCHEMA_NAME_PATTERN };

/** A store that does not answer within this is treated as unavailable (and the write retried). */
const CONNECT_TIMEOUT_MS = 5_000;
const QUERY_TIMEOUT_MS = 15_000;
/** BIGINT's type id: its values (epoch ms, counts) stay far below 2^53, so they are read as numbers. */
const INT8_OID = 20;


/** Options for {@link createPostgresPool}. */
export interface PostgresPoolOptions {
  url: string;
  /** Where the tables live; `public` by default. */
  schema: string;
  poolSize?: number;
  /** Told about errors of idle connections (the server went away); never thrown. */
  onIdleError?: (error: Error) => void;
}

/**
 * A connection pool whose every connection works in `schema` (set at connection start-up, so no
 * query can run before it) and reads BIGINT as a number. Idle connections that break are
 * dropped and reported, never crash the process: an outage of the database is not Lifeline's.
 */
export function createPostgresPool(options: PostgresPoolOptions): pg.Pool {
  if (!SCHEMA_NAME_PATTERN.test(options.schema)) throw new Error(`storage.schema "${options.schema}" is not a plain lower-case identifier`);
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8_OID, (value: string) => Number(value));
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? DEFAULT_POSTGRES_POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    types,
    application_name: 'lifeline',
    ...(options.schema === 'public' ? {} : { options: `-c search_path=${options.schema}` }),
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  return pool;
}

/** Errors that mean "the database could not be reached", by SQLSTATE class or socket error. */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P)/;
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /query read timeout/i, /connection error/i, /the database system is (starting up|shutting down)/i];

/** True when `error` says the database was out of reach rather than that the query was wrong. */
export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SOCKET_CODES.has(code))) return true;
  if (error instanceof AggregateError && error.errors.some(isConnectionFailure)) return true;
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message));
}

/** Runs a store operation, turning an unreachable database into {@link StoreUnavailableError}. */
export async function guarded<Value>(work: () => Promise<Value>): Promise<Value> {
  try {
    return await work();
  } catch (error) {
    if (isConnectionFailure(error)) throw new StoreUnavailableError(`PostgreSQL is unavailable: ${(error as Error).message}`, error);
    throw error;
  }
}

/** Runs `work` in one transaction on one pooled connection: committed, or rolled back on error. */
export function inTransaction<Value>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<Value>): Promise<Value> {
  return guarded(async () => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const value = await work(client);
      await client.query('COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        // A connection that cannot roll back is not given back to the pool.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    } finally {
      client.release(broken);
    }
  });
}

/** Runs one statement on any pooled connection. */
export function query<Row extends pg.QueryResultRow = pg.QueryResultRow>(pool: pg.Pool | pg.PoolClient, text: string, values: unknown[] = []): Promise<pg.QueryResult<Row>> {
  return guarded(() => pool.query<Row>(text, values));
}

/** The URL without its password, for messages. */
export function describePostgresUrl(url: string, schema: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return `${parsed.toString()} (schema ${schema})`;
  } catch {
    return `a PostgreSQL database (schema ${schema})`;
  }
}
