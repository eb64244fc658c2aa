import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { ConflictError, NotFoundError } from '../../errors/index.js';
import { compactClientKey, keyNameTakenMessage } from '../client-key-record.js';
import type { ClientKeyRecord, ClientKeyRepository } from '../store.js';
import { parseJsonColumn, sqliteBooleanSchema, toNullable } from './row-schemas.js';

const keyRowSchema = z.object({
  name: z.string(),
  prefix: z.string(),
  hash: z.string(),
  routes: z.string(),
  rpm: z.number().nullable(),
  tokens_per_day: z.number().nullable(),
  created_at: z.number(),
  expires_at: z.number().nullable(),
  revoked_at: z.number().nullable(),
  last_used_at: z.number().nullable(),
  defer: sqliteBooleanSchema.nullable(),
});

const KEY_COLUMNS = 'name, prefix, hash, routes, rpm, tokens_per_day, created_at, expires_at, revoked_at, last_used_at, defer';

function toRecord(row: unknown): ClientKeyRecord {
  const parsed = keyRowSchema.parse(row);
  return compactClientKey({
    name: parsed.name,
    prefix: parsed.prefix,
    hash: parsed.hash,
    routes: parseJsonColumn(parsed.routes, z.array(z.string()), 'client_keys.routes'),
    rpm: parsed.rpm ?? undefined,
    tokensPerDay: parsed.tokens_per_day ?? undefined,
    createdAt: parsed.created_at,
    expiresAt: parsed.expires_at ?? undefined,
    revokedAt: parsed.revoked_at ?? undefined,
    lastUsedAt: parsed.last_used_at ?? undefined,
    ...(parsed.defer === true ? { defer: true } : {}),
  });
}

/** Client keys in SQLite (hashes and limits only). */
export function createSqliteClientKeyRepository(database: Database): ClientKeyRepository {
  const insert = database.prepare(
    `INSERT INTO client_keys (${KEY_COLUMNS}) VALUES (@name, @prefix, @hash, @routes, @rpm, @tokens_per_day, @created_at, @expires_at, @revoked_at, @last_used_at, @defer)
     ON CONFLICT DO NOTHING`,
  );
  const selectOne = database.prepare<[string]>(`SELECT ${KEY_COLUMNS} FROM client_keys WHERE name = ?`);
  const selectAll = database.prepare<[]>(`SELECT ${KEY_COLUMNS} FROM client_keys ORDER BY created_at, name`);
  const revoke = database.prepare<[number, string]>('UPDATE client_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE name = ?');
  const touch = database.prepare<[number, string, number]>(
    'UPDATE client_keys SET last_used_at = ? WHERE name = ? AND (last_used_at IS NULL OR last_used_at < ?)',
  );
  const touchAll = database.transaction((lastUsed: ReadonlyArray<{ name: string; at: number }>) => {
    for (const { name, at } of lastUsed) touch.run(at, name, at);
  });

  return {
    async create(key) {
      const stored = compactClientKey(key);
      const result = insert.run({
        name: stored.name,
        prefix: stored.prefix,
        hash: stored.hash,
        routes: JSON.stringify(stored.routes),
        rpm: toNullable(stored.rpm),
        tokens_per_day: toNullable(stored.tokensPerDay),
        created_at: stored.createdAt,
        expires_at: toNullable(stored.expiresAt),
        revoked_at: toNullable(stored.revokedAt),
        last_used_at: toNullable(stored.lastUsedAt),
        defer: stored.defer === true ? 1 : null,
      });
      if (result.changes === 0) throw new ConflictError(keyNameTakenMessage(key.name));
      return stored;
    },
    async get(name) {
      const row = selectOne.get(name);
      return row === undefined ? undefined : toRecord(row);
    },
    async list() {
      return selectAll.all().map(toRecord);
    },
    async revoke(name, atMs) {
      if (revoke.run(atMs, name).changes === 0) throw new NotFoundError(`No client key named "${name}".`);
      return toRecord(selectOne.get(name));
    },
    async touch(lastUsed) {
      touchAll(lastUsed);
    },
  };
}
