/** One numbered schema step. Never edit a released step: add a new one after it. */
export interface Migration {
  /** 1, 2, 3, … in order, without gaps. */
  version: number;
  /** Short description, recorded in `schema_migrations`. */
  name: string;
  /** Statements run inside the migration transaction (so no `PRAGMA journal_mode` here). */
  sql: string;
}

/**
 * The SQLite schema, oldest step first. Tables are STRICT so a wrong type fails loudly instead of
 * being stored as text. JSON columns hold arrays only read back whole (component ids, affected
 * components). Times are epoch milliseconds in INTEGER columns.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'incidents, rollups, probes, webhook deliveries',
    sql: `
      CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        status TEXT NOT NULL,
        impact TEXT NOT NULL,
        component_ids TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        resolved_at INTEGER,
        automatic INTEGER NOT NULL,
        postmortem TEXT
      ) STRICT;
      CREATE INDEX incidents_by_created ON incidents (created_at DESC, id DESC);
      CREATE INDEX incidents_open_by_created ON incidents (created_at DESC, id DESC)
        WHERE status NOT IN ('resolved', 'postmortem');

      -- seq keeps insertion order for updates written at the same millisecond.
      CREATE TABLE incident_updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
        status TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        automatic INTEGER NOT NULL,
        affected_components TEXT
      ) STRICT;
      CREATE INDEX incident_updates_by_incident ON incident_updates (incident_id, created_at, seq);

      -- One row per component per minute; WITHOUT ROWID because the key is the natural lookup.
      CREATE TABLE rollups (
        component_id TEXT NOT NULL,
        minute INTEGER NOT NULL,
        requests INTEGER NOT NULL,
        failures INTEGER NOT NULL,
        latency_sum_ms REAL NOT NULL,
        latency_count INTEGER NOT NULL,
        ttft_sum_ms REAL NOT NULL,
        ttft_count INTEGER NOT NULL,
        probes INTEGER NOT NULL,
        probe_failures INTEGER NOT NULL,
        worst_status TEXT NOT NULL,
        PRIMARY KEY (component_id, minute)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX rollups_by_minute ON rollups (minute);

      CREATE TABLE probe_results (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        component_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        ok INTEGER NOT NULL,
        failure_class TEXT,
        latency_ms REAL NOT NULL,
        key_label TEXT
      ) STRICT;
      CREATE INDEX probe_results_by_component ON probe_results (component_id, at DESC, seq DESC);
      CREATE INDEX probe_results_by_at ON probe_results (at);

      -- No foreign key to incidents: deliveries are a log and may name an incident a test or
      -- another backend never stored.
      CREATE TABLE webhook_deliveries (
        id TEXT PRIMARY KEY,
        webhook TEXT NOT NULL,
        event TEXT NOT NULL,
        incident_id TEXT NOT NULL,
        payload TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        last_status INTEGER,
        last_error TEXT,
        next_attempt_at INTEGER,
        created_at INTEGER NOT NULL,
        delivered_at INTEGER
      ) STRICT;
      CREATE INDEX webhook_deliveries_by_created ON webhook_deliveries (created_at DESC, id DESC);
      CREATE INDEX webhook_deliveries_by_state ON webhook_deliveries (state, next_attempt_at);
    `,
  },
  {
    version: 2,
    name: 'client keys and their daily usage',
    sql: `
      -- The key itself is never stored: its SHA-256 (hex) is what a request is checked against.
      CREATE TABLE client_keys (
        name TEXT PRIMARY KEY,
        prefix TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        routes TEXT NOT NULL,
        rpm INTEGER,
        tokens_per_day INTEGER,
        created_at INTEGER NOT NULL,
        expires_at INTEGER,
        revoked_at INTEGER,
        last_used_at INTEGER
      ) STRICT;
      CREATE TABLE key_usage (
        key_name TEXT NOT NULL,
        day TEXT NOT NULL,
        model TEXT NOT NULL,
        target TEXT NOT NULL,
        requests INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        PRIMARY KEY (key_name, day, model, target)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX key_usage_by_day ON key_usage (day);
    `,
  },
  {
    version: 3,
    name: 'one open automatic incident per component group',
    sql: `
      -- Several instances judging the same outage must open one incident between them: the key of
      -- an open automatic incident (its component group) is unique, and cleared when it closes.
      ALTER TABLE incidents ADD COLUMN open_key TEXT;
      CREATE UNIQUE INDEX incidents_by_open_key ON incidents (open_key) WHERE open_key IS NOT NULL;
    `,
  },
  {
    version: 4,
    name: 'deferred jobs',
    sql: `
      -- Requests kept while every target of their route is failing; claimed under a lease.
      CREATE TABLE deferred_jobs (
        id TEXT PRIMARY KEY,
        protocol TEXT NOT NULL,
        body TEXT NOT NULL,
        client_key TEXT,
        route TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        status TEXT NOT NULL,
        result_status INTEGER,
        result TEXT,
        last_error TEXT,
        lease_owner TEXT,
        lease_expires_at INTEGER,
        finished_at INTEGER,
        callback_url TEXT,
        callback_state TEXT,
        callback_attempts INTEGER,
        callback_due_at INTEGER
      ) STRICT;
      -- The claim reads unfinished jobs oldest first.
      CREATE INDEX deferred_jobs_by_status ON deferred_jobs (status, created_at, id);
      CREATE INDEX deferred_jobs_by_callback ON deferred_jobs (callback_due_at) WHERE callback_due_at IS NOT NULL;
      -- A client key may ask for its requests to be deferred when every target fails.
      ALTER TABLE client_keys ADD COLUMN defer INTEGER;
    `,
  },
  {
    version: 5,
    name: 'stored responses',
    sql: `
      -- Responses API responses kept for previous_response_id and GET /v1/responses/{id}, until expires_at.
      CREATE TABLE stored_responses (
        id TEXT PRIMARY KEY,
        owner TEXT,
        response TEXT NOT NULL,
        input TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX stored_responses_by_expiry ON stored_responses (expires_at);
    `,
  },
];
