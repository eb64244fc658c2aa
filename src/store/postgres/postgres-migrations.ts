import type { Migration } from '../sqlite/migrations.js';

/**
 * The PostgreSQL schema, oldest step first; the same tables as SQLite's `migrations.ts`, version
 * for version, so `schema_migrations` means the same in both. Times are epoch milliseconds in
 * BIGINT (read back as numbers: see `postgres-pool.ts`), JSON arrays in JSONB, flags in BOOLEAN.
 * Text keys compare byte by byte (`COLLATE "C"`), as SQLite and the memory store order them.
 * Statements are unqualified: they land in the store's schema, first on the search path.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'incidents, rollups, probes, webhook deliveries',
    sql: `
      CREATE TABLE incidents (
        id TEXT COLLATE "C" PRIMARY KEY,
        title TEXT NOT NULL,
        status TEXT NOT NULL,
        impact TEXT NOT NULL,
        component_ids JSONB NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        resolved_at BIGINT,
        automatic BOOLEAN NOT NULL,
        postmortem TEXT
      );
      CREATE INDEX incidents_by_created ON incidents (created_at DESC, id DESC);
      CREATE INDEX incidents_open_by_created ON incidents (created_at DESC, id DESC)
        WHERE status NOT IN ('resolved', 'postmortem');
      -- seq keeps insertion order for updates written at the same millisecond.
      CREATE TABLE incident_updates (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id TEXT COLLATE "C" NOT NULL UNIQUE,
        incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
        status TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        automatic BOOLEAN NOT NULL,
        affected_components JSONB
      );
      CREATE INDEX incident_updates_by_incident ON incident_updates (incident_id, created_at, seq);
      CREATE TABLE rollups (
        component_id TEXT NOT NULL,
        minute BIGINT NOT NULL,
        requests BIGINT NOT NULL,
        failures BIGINT NOT NULL,
        latency_sum_ms DOUBLE PRECISION NOT NULL,
        latency_count BIGINT NOT NULL,
        ttft_sum_ms DOUBLE PRECISION NOT NULL,
        ttft_count BIGINT NOT NULL,
        probes BIGINT NOT NULL,
        probe_failures BIGINT NOT NULL,
        worst_status TEXT NOT NULL,
        PRIMARY KEY (component_id, minute)
      );
      CREATE INDEX rollups_by_minute ON rollups (minute);
      CREATE TABLE probe_results (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        component_id TEXT NOT NULL,
        at BIGINT NOT NULL,
        ok BOOLEAN NOT NULL,
        failure_class TEXT,
        latency_ms DOUBLE PRECISION NOT NULL,
        key_label TEXT
      );
      CREATE INDEX probe_results_by_component ON probe_results (component_id, at DESC, seq DESC);
      CREATE INDEX probe_results_by_at ON probe_results (at);
      CREATE TABLE webhook_deliveries (
        id TEXT COLLATE "C" PRIMARY KEY,
        webhook TEXT NOT NULL,
        event TEXT NOT NULL,
        incident_id TEXT NOT NULL,
        payload TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        last_status INTEGER,
        last_error TEXT,
        next_attempt_at BIGINT,
        created_at BIGINT NOT NULL,
        delivered_at BIGINT
      );
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
        name TEXT COLLATE "C" PRIMARY KEY,
        prefix TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        routes JSONB NOT NULL,
        rpm INTEGER,
        tokens_per_day BIGINT,
        created_at BIGINT NOT NULL,
        expires_at BIGINT,
        revoked_at BIGINT,
        last_used_at BIGINT
      );
      CREATE TABLE key_usage (
        key_name TEXT COLLATE "C" NOT NULL,
        day TEXT COLLATE "C" NOT NULL,
        model TEXT COLLATE "C" NOT NULL,
        target TEXT COLLATE "C" NOT NULL,
        requests BIGINT NOT NULL,
        input_tokens BIGINT NOT NULL,
        output_tokens BIGINT NOT NULL,
        PRIMARY KEY (key_name, day, model, target)
      );
      CREATE INDEX key_usage_by_day ON key_usage (day);
    `,
  },
  {
    version: 3,
    name: 'one open automatic incident per component group',
    sql: `
      -- Several instances judging the same outage must open one incident between them: the key of
      -- an open automatic incident (its component group) is unique, and cleared when it closes.
      ALTER TABLE incidents ADD COLUMN open_key TEXT COLLATE "C";
      CREATE UNIQUE INDEX incidents_by_open_key ON incidents (open_key) WHERE open_key IS NOT NULL;
    `,
  },
  {
    version: 4,
    name: 'deferred jobs',
    sql: `
      -- Requests kept while every target of their route is failing; claimed under a lease.
      CREATE TABLE deferred_jobs (
        id TEXT COLLATE "C" PRIMARY KEY,
        protocol TEXT NOT NULL,
        body TEXT NOT NULL,
        client_key TEXT,
        route TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        attempts INTEGER NOT NULL,
        status TEXT NOT NULL,
        result_status INTEGER,
        result TEXT,
        last_error TEXT,
        lease_owner TEXT,
        lease_expires_at BIGINT,
        finished_at BIGINT,
        callback_url TEXT,
        callback_state TEXT,
        callback_attempts INTEGER,
        callback_due_at BIGINT
      );
      -- The claim reads unfinished jobs oldest first.
      CREATE INDEX deferred_jobs_by_status ON deferred_jobs (status, created_at, id);
      CREATE INDEX deferred_jobs_by_callback ON deferred_jobs (callback_due_at) WHERE callback_due_at IS NOT NULL;
      -- A client key may ask for its requests to be deferred when every target fails.
      ALTER TABLE client_keys ADD COLUMN defer BOOLEAN;
    `,
  },
  {
    version: 5,
    name: 'stored responses',
    sql: `
      -- Responses API responses kept for previous_response_id and GET /v1/responses/{id}, until expires_at.
      CREATE TABLE stored_responses (
        id TEXT COLLATE "C" PRIMARY KEY,
        owner TEXT,
        response TEXT NOT NULL,
        input TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX stored_responses_by_expiry ON stored_responses (expires_at);
    `,
  },
];
