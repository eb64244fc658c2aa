import { clientKeyUsage, createClientKey, listClientKeys, type ClientKeySummary } from '../client-keys/client-key-service.js';
import { parseDurationMs } from '../client-keys/parse-duration.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { isGatewayError } from '../errors/index.js';
import { createStore, storeOptionsOf } from '../store/create-store.js';
import { createPostgresStore } from '../store/postgres/postgres-store.js';
import type { LifelineStore } from '../store/store.js';
import type { CommandResult } from './command-result.js';

/** `lifeline keys create` options as commander parses them. */
export interface CreateKeyOptions {
  name: string;
  routes?: string;
  rpm?: number;
  tokensPerDay?: number;
  expires?: string;
  defer?: boolean;
}

/** Opens the configured store (SQLite file or PostgreSQL), runs `work`, closes it; errors become exit 1 with the message. */
async function withStore(config: ResolvedConfig, work: (store: LifelineStore) => Promise<Omit<CommandResult, 'stderr'> & { stderr?: string }>): Promise<CommandResult> {
  let store: LifelineStore | undefined;
  try {
    store = await createStore(storeOptionsOf(config.storage));
    return { stderr: '', ...(await work(store)) };
  } catch (error) {
    const message = isGatewayError(error) || error instanceof Error ? error.message : String(error);
    return { exitCode: 1, stdout: '', stderr: `lifeline: ${message}\n` };
  } finally {
    await store?.close();
  }
}

/** `lifeline keys create`: prints the key once, then what it may do. */
export function createKeyCommand(config: ResolvedConfig, options: CreateKeyOptions): Promise<CommandResult> {
  return withStore(config, async (store) => {
    const { key, record } = await createClientKey(
      store,
      {
        name: options.name,
        ...(options.routes !== undefined ? { routes: options.routes.split(',') } : {}),
        ...(options.rpm !== undefined ? { rpm: options.rpm } : {}),
        ...(options.tokensPerDay !== undefined ? { tokensPerDay: options.tokensPerDay } : {}),
        ...(options.expires !== undefined ? { expiresInMs: parseDurationMs(options.expires) } : {}),
        ...(options.defer === true ? { defer: true } : {}),
      },
      Date.now(),
    );
    const limits = describeLimits(record.routes, record.rpm, record.tokensPerDay);
    const expiry = record.expiresAt === undefined ? 'never expires' : `expires ${new Date(record.expiresAt).toISOString()}`;
    return {
      exitCode: 0,
      stdout: `${key}\n`,
      // The key alone on stdout (for `$(lifeline keys create …)`); the explanation on stderr.
      stderr: `Created client key "${record.name}" (${record.prefix}…): ${limits}; ${expiry}.\nThis is the only time the key is shown: Lifeline stores its SHA-256 only. Clients send it as x-api-key or Authorization: Bearer.\nRunning instances pick it up within 5 s.\n`,
    };
  });
}

/** `lifeline keys list`: one line per key with today's usage. */
export function listKeysCommand(config: ResolvedConfig, options: { json?: boolean }): Promise<CommandResult> {
  return withStore(config, async (store) => {
    const keys = await listClientKeys(store, Date.now());
    if (options.json) return { exitCode: 0, stdout: `${JSON.stringify({ client_keys: keys }, null, 2)}\n` };
    if (keys.length === 0) return { exitCode: 0, stdout: 'No client keys. Create one with `lifeline keys create --name NAME`.\n' };
    return { exitCode: 0, stdout: formatKeyTable(keys) };
  });
}

/** `lifeline keys revoke NAME` */
export function revokeKeyCommand(config: ResolvedConfig, name: string): Promise<CommandResult> {
  return withStore(config, async (store) => {
    const record = await store.clientKeys.revoke(name, Date.now());
    return { exitCode: 0, stdout: `Revoked client key "${record.name}" (${record.prefix}…) at ${new Date(record.revokedAt!).toISOString()}; running instances refuse it within 5 s.\n` };
  });
}

/** `lifeline keys usage NAME [--days N]` */
export function keyUsageCommand(config: ResolvedConfig, name: string, options: { days?: number; json?: boolean }): Promise<CommandResult> {
  return withStore(config, async (store) => {
    const report = await clientKeyUsage(store, name, Date.now(), options.days ?? 7);
    if (options.json) return { exitCode: 0, stdout: `${JSON.stringify({ usage: report }, null, 2)}\n` };
    const lines = [`${report.name} (${report.prefix}…) ${report.from} … ${report.to}: ${report.totals.requests} requests, ${report.totals.inputTokens} input / ${report.totals.outputTokens} output tokens`];
    for (const row of report.days) lines.push(`  ${row.day}  ${row.model || '-'}  via ${row.target || '(no answer)'}  ${row.requests} req  ${row.inputTokens} in  ${row.outputTokens} out`);
    return { exitCode: 0, stdout: `${lines.join('\n')}\n` };
  });
}

function describeLimits(routes: readonly string[], rpm: number | undefined, tokensPerDay: number | undefined): string {
  return [
    routes.length === 0 ? 'every route' : `routes ${routes.join(', ')}`,
    rpm === undefined ? 'no rate limit' : `${rpm} requests/min`,
    tokensPerDay === undefined ? 'no token budget' : `${tokensPerDay} tokens/day`,
  ].join(', ');
}

function formatKeyTable(keys: readonly ClientKeySummary[]): string {
  const rows = keys.map((key) => [
    key.name,
    `${key.prefix}…`,
    key.state,
    key.routes.length === 0 ? '*' : key.routes.join(','),
    key.rpm === undefined ? '-' : String(key.rpm),
    key.tokensPerDay === undefined ? '-' : String(key.tokensPerDay),
    `${key.today.requests} req ${key.today.inputTokens + key.today.outputTokens} tok`,
    key.lastUsedAt ?? 'never',
  ]);
  const header = ['NAME', 'PREFIX', 'STATE', 'ROUTES', 'RPM', 'TOKENS/DAY', 'TODAY', 'LAST USED'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n') + '\n';
}

/** `lifeline store migrate`: brings the configured store to this version's schema and says what it did. */
export async function migrateStoreCommand(config: ResolvedConfig): Promise<CommandResult> {
  const options = storeOptionsOf(config.storage);
  if (options.kind !== 'postgres') return withStore(config, async () => ({ exitCode: 0, stdout: `sqlite store at ${config.storage.path}: at the current schema\n` }));
  try {
    const store = await createPostgresStore(options);
    await store.close();
    const did = store.migration.applied.length === 0 ? 'nothing to apply' : `applied ${store.migration.applied.join(', ')}`;
    return { exitCode: 0, stdout: `postgres store: ${did}; schema version ${store.migration.version}\n`, stderr: '' };
  } catch (error) {
    return { exitCode: 1, stdout: '', stderr: `lifeline: ${(error as Error).message}\n` };
  }
}
