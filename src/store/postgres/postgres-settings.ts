// The PostgreSQL settings the configuration checks, apart from pg itself: reading a config must
// not load the driver (a Lifeline on SQLite never does).

/** Connections per instance when the configuration does not say. */
export const DEFAULT_POSTGRES_POOL_SIZE = 10;

/** Schema names Lifeline accepts: plain identifiers, so they never need quoting in `search_path`. */
export const SCHEMA_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;
