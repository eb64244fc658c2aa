import type pg from 'pg';
import { z } from 'zod';
import { ConflictError, NotFoundError } from '../../errors/index.js';
import { compactClientKey, keyNameTakenMessage } from '../client-key-record.js';
import type { ClientKeyRecord, ClientKeyRepository } from '../store.js';
import { query } from './postgres-pool.js';

const keyRowSchema = z.object({
  name: z.string(),
  prefix: z.string(),
  hash: z.string(),
  routes: z.array(z.string()),
  rpm: z.number().nullable(),
  tokens_per_day: z.number().nullable(),
  created_at: z.number(),
  expires_at: z.number().nullable(),
  revoked_at: z.number().nullable(),
  last_used_at: z.number().nullable(),
  defer: z.boolean().nullable(),
});

const KEY_COLUMNS = 'name, prefix, hash, routes, rpm, tokens_per_day, created_at, expires_at, revoked_at, last_used_at, defer';

function toRecord(row: unknown): ClientKeyRecord {
  const parsed = keyRowSchema.parse(row);
  return compactClientKey({
    name: parsed.name,
    prefix: parsed.prefix,
    hash: parsed.hash,
    routes: parsed.routes,
    rpm: parsed.rpm ?? undefined,
    tokensPerDay: parsed.tokens_per_day ?? undefined,
    createdAt: parsed.created_at,
    expiresAt: parsed.expires_at ?? undefined,
    revokedAt: parsed.revoked_at ?? undefined,
    lastUsedAt: parsed.last_used_at ?? undefined,
    ...(parsed.defer === true ? { defer: true } : {}),
  });
}

/** Client keys in PostgreSQL (hashes and limits only), shared by every instance. */
export function createPostgresClientKeyRepository(pool: pg.Pool): ClientKeyRepository {
  return {
    async create(key) {
      const stored = compactClientKey(key);
      const result = await query(
        pool,
        `INSERT INTO client_keys (${KEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
        [
          stored.name,
          stored.prefix,
          stored.hash,
          JSON.stringify(stored.routes),
          stored.rpm ?? null,
          stored.tokensPerDay ?? null,
          stored.createdAt,
          stored.expiresAt ?? null,
          stored.revokedAt ?? null,
          stored.lastUsedAt ?? null,
          stored.defer === true ? true : null,
        ],
      );
      if (result.rowCount === 0) throw new ConflictError(keyNameTakenMessage(key.name));
      return stored;
    },
    async get(name) {
      const { rows } = await query(pool, `SELECT ${KEY_COLUMNS} FROM client_keys WHERE name = $1`, [name]);
      return rows[0] === undefined ? undefined : toRecord(rows[0]);
    },
    async list() {
      return (await query(pool, `SELECT ${KEY_COLUMNS} FROM client_keys ORDER BY created_at, name`)).rows.map(toRecord);
    },
    async revoke(name, atMs) {
      const { rows } = await query(pool, `UPDATE client_keys SET revoked_at = COALESCE(revoked_at, $1) WHERE name = $2 RETURNING ${KEY_COLUMNS}`, [atMs, name]);
      if (rows[0] === undefined) throw new NotFoundError(`No client key named "${name}".`);
      return toRecord(rows[0]);
    },
    async touch(lastUsed) {
      if (lastUsed.length === 0) return;
      await query(
        pool,
        `UPDATE client_keys AS key SET last_used_at = used.at
         FROM (SELECT name, MAX(at) AS at FROM unnest($1::text[], $2::bigint[]) AS entry (name, at) GROUP BY name) AS used
         WHERE key.name = used.name AND (key.last_used_at IS NULL OR key.last_used_at < used.at)`,
        [lastUsed.map((entry) => entry.name), lastUsed.map((entry) => entry.at)],
      );
    },
  };
}
