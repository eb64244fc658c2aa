import { InvalidRequestError, NotFoundError } from '../errors/index.js';
import { registerSecrets } from '../secrets/redact-secrets.js';
import type { ClientKeyRecord, KeyUsage, LifelineStore } from '../store/store.js';
import { clientKeyPrefix, createClientKeyText, hashClientKey } from './client-key-text.js';
import { utcDay } from './parse-duration.js';

/** What a new key may do, as `keys create` and `POST /admin/keys` take it. */
export interface NewClientKey {
  name: string;
  /** Model-name globs; empty or absent means every route. */
  routes?: string[];
  rpm?: number;
  tokensPerDay?: number;
  /** Lifetime from now, in ms. */
  expiresInMs?: number;
  /** Defer this key's requests when every target fails (as `x-lifeline-defer: true`). */
  defer?: boolean;
}

/** Names people type in commands and URLs: letters, digits, `.`, `_`, `-`. */
export const CLIENT_KEY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A key's record with today's usage, as `keys list` and `GET /admin/keys` show it. */
export interface ClientKeySummary {
  name: string;
  prefix: string;
  routes: string[];
  rpm?: number;
  tokensPerDay?: number;
  /** Requests are deferred when every target fails. */
  defer?: boolean;
  createdAt: string;
  expiresAt?: string;
  revokedAt?: string;
  lastUsedAt?: string;
  state: 'active' | 'revoked' | 'expired';
  today: { requests: number; inputTokens: number; outputTokens: number };
}

/** Usage of one key over some days, as `GET /admin/keys/{name}/usage` shows it. */
export interface ClientKeyUsageReport {
  name: string;
  prefix: string;
  from: string;
  to: string;
  totals: { requests: number; inputTokens: number; outputTokens: number };
  days: Array<{ day: string; model: string; target: string; requests: number; inputTokens: number; outputTokens: number }>;
}

type Store = Pick<LifelineStore, 'clientKeys' | 'keyUsage'>;

/**
 * Creates a key: the text is made here, shown to the caller once and registered with the
 * redactor (this process will never print it again by accident); the store gets its hash.
 */
export async function createClientKey(store: Store, input: NewClientKey, nowMs: number): Promise<{ key: string; record: ClientKeyRecord }> {
  if (!CLIENT_KEY_NAME_PATTERN.test(input.name)) throw new InvalidRequestError(`A key name uses letters, digits, ".", "_" and "-" (at most 64): ${JSON.stringify(input.name.slice(0, 80))}`);
  const routes = (input.routes ?? []).map((route) => route.trim()).filter((route) => route !== '');
  const key = createClientKeyText();
  registerSecrets([key]);
  const record: ClientKeyRecord = {
    name: input.name,
    prefix: clientKeyPrefix(key),
    hash: hashClientKey(key),
    routes,
    createdAt: nowMs,
    ...(input.rpm !== undefined ? { rpm: input.rpm } : {}),
    ...(input.tokensPerDay !== undefined ? { tokensPerDay: input.tokensPerDay } : {}),
    ...(input.expiresInMs !== undefined ? { expiresAt: nowMs + input.expiresInMs } : {}),
    ...(input.defer === true ? { defer: true } : {}),
  };
  return { key, record: await store.clientKeys.create(record) };
}

function addUp(rows: readonly KeyUsage[]): { requests: number; inputTokens: number; outputTokens: number } {
  return rows.reduce((sum, row) => ({ requests: sum.requests + row.requests, inputTokens: sum.inputTokens + row.inputTokens, outputTokens: sum.outputTokens + row.outputTokens }), {
    requests: 0,
    inputTokens: 0,
    outputTokens: 0,
  });
}

const iso = (epochMs: number | undefined) => (epochMs === undefined ? undefined : new Date(epochMs).toISOString());

/** Every key with today's usage; `unwritten` adds what a running instance counted but has not stored yet. */
export async function listClientKeys(store: Store, nowMs: number, unwritten: readonly KeyUsage[] = []): Promise<ClientKeySummary[]> {
  const today = utcDay(nowMs);
  const usage = [...(await store.keyUsage.range(undefined, today, today)), ...unwritten.filter((row) => row.day === today)];
  return (await store.clientKeys.list()).map((record) => {
    const state = record.revokedAt !== undefined ? 'revoked' : record.expiresAt !== undefined && record.expiresAt <= nowMs ? 'expired' : 'active';
    const summary: ClientKeySummary = {
      name: record.name,
      prefix: record.prefix,
      routes: record.routes,
      createdAt: iso(record.createdAt)!,
      state,
      today: addUp(usage.filter((row) => row.keyName === record.name)),
    };
    if (record.rpm !== undefined) summary.rpm = record.rpm;
    if (record.tokensPerDay !== undefined) summary.tokensPerDay = record.tokensPerDay;
    if (record.defer === true) summary.defer = true;
    if (record.expiresAt !== undefined) summary.expiresAt = iso(record.expiresAt);
    if (record.revokedAt !== undefined) summary.revokedAt = iso(record.revokedAt);
    if (record.lastUsedAt !== undefined) summary.lastUsedAt = iso(record.lastUsedAt);
    return summary;
  });
}

/** One key's usage for the last `days` UTC days (today included), per day, model and target. */
export async function clientKeyUsage(store: Store, name: string, nowMs: number, days: number, unwritten: readonly KeyUsage[] = []): Promise<ClientKeyUsageReport> {
  const record = await store.clientKeys.get(name);
  if (record === undefined) throw new NotFoundError(`No client key named "${name}".`);
  const to = utcDay(nowMs);
  const from = utcDay(nowMs - (days - 1) * 86_400_000);
  const merged = new Map<string, KeyUsage>();
  for (const row of [...(await store.keyUsage.range(name, from, to)), ...unwritten.filter((entry) => entry.keyName === name && entry.day >= from && entry.day <= to)]) {
    const id = `${row.day}\u0000${row.model}\u0000${row.target}`;
    const existing = merged.get(id);
    merged.set(id, existing === undefined ? { ...row } : { ...existing, requests: existing.requests + row.requests, inputTokens: existing.inputTokens + row.inputTokens, outputTokens: existing.outputTokens + row.outputTokens });
  }
  const rows = [...merged.values()].sort((first, second) => (first.day + first.model + first.target < second.day + second.model + second.target ? -1 : 1));
  return {
    name,
    prefix: record.prefix,
    from,
    to,
    totals: addUp(rows),
    days: rows.map(({ day, model, target, requests, inputTokens, outputTokens }) => ({ day, model, target, requests, inputTokens, outputTokens })),
  };
}
