import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runStoreConformance } from '../store-conformance.test-suite.js';
import { StoreSchemaTooNewError } from '../store-schema-too-new-error.js';
import { MIGRATIONS } from './migrations.js';
import { createSqliteStore } from './sqlite-store.js';

const workDirectory = mkdtempSync(join(tmpdir(), 'lifeline-sqlite-store-'));
let fileCount = 0;
/** A fresh database path inside a directory that does not exist yet. */
const freshPath = (): string => join(workDirectory, `case-${(fileCount += 1)}`, 'lifeline.db');

afterAll(() => {
  rmSync(workDirectory, { recursive: true, force: true });
});

runStoreConformance({ name: 'sqlite (:memory:)', create: async () => createSqliteStore({ path: ':memory:' }) });
runStoreConformance({ name: 'sqlite (file)', create: async () => createSqliteStore({ path: freshPath() }) });

/** Reads a table straight from the file, bypassing the store. */
function readRaw<Row>(path: string, sql: string): Row[] {
  const database = new BetterSqlite3(path, { readonly: true });
  try {
    return database.prepare<[], Row>(sql).all();
  } finally {
    database.close();
  }
}

describe('createSqliteStore', () => {
  it('keeps everything across close and reopen of the same file', async () => {
    const path = freshPath();
    const before = createSqliteStore({ path });
    const incident = await before.incidents.create({
      title: 'Errors on openai',
      status: 'investigating',
      impact: 'major',
      componentIds: ['provider:openai'],
      automatic: true,
      body: 'every request failed with server_error (500) for 40 s',
      affectedComponents: [{ id: 'provider:openai', status: 'major_outage' }],
      at: 1_000,
    });
    const resolved = await before.incidents.update(incident.id, { status: 'resolved', body: 'recovered', automatic: true, at: 2_000 });
    const rollup = {
      componentId: 'provider:openai',
      minute: 60_000,
      requests: 3,
      failures: 3,
      latencySumMs: 30,
      latencyCount: 3,
      ttftSumMs: 0,
      ttftCount: 0,
      probes: 0,
      probeFailures: 0,
      worstStatus: 'major_outage' as const,
    };
    await before.rollups.add([rollup]);
    await before.probes.add({ componentId: 'target:openai/gpt-4.1', at: 1_500, ok: false, failureClass: 'server_error', latencyMs: 80 });
    const delivery = await before.webhooks.create({
      webhook: 'ops',
      event: 'incident.opened',
      incidentId: incident.id,
      payload: '{}',
      state: 'pending',
      attempts: 1,
      nextAttemptAt: 5_000,
      createdAt: 1_000,
    });
    await before.close();

    const after = createSqliteStore({ path });
    expect(await after.incidents.get(incident.id)).toEqual(resolved);
    expect(await after.incidents.list()).toEqual([resolved]);
    expect(await after.rollups.range('provider:openai', 0, 120_000)).toEqual([rollup]);
    expect(await after.probes.latest('target:openai/gpt-4.1', 5)).toHaveLength(1);
    expect(await after.webhooks.due(5_000)).toEqual([delivery]);
    // Writing after the restart adds to what was there and does not reuse ids.
    await after.rollups.add([{ ...rollup, requests: 1, failures: 0, worstStatus: 'operational' }]);
    expect(await after.rollups.range('provider:openai', 0, 120_000)).toEqual([{ ...rollup, requests: 4, latencySumMs: 60, latencyCount: 6, worstStatus: 'major_outage' }]);
    const next = await after.incidents.create({
      title: 'Errors on openai again',
      status: 'investigating',
      impact: 'minor',
      componentIds: ['provider:openai'],
      automatic: true,
      body: 'again',
      at: 3_000,
    });
    expect(next.id).not.toBe(incident.id);
    await after.close();
  });

  it('records each migration once, however often the file is opened', async () => {
    const path = freshPath();
    await createSqliteStore({ path }).close();
    await createSqliteStore({ path, clock: { now: () => 99 } }).close();
    const rows = readRaw<{ version: number; name: string; applied_at: number }>(path, 'SELECT * FROM schema_migrations ORDER BY version');
    expect(rows.map((row) => row.version)).toEqual(MIGRATIONS.map((migration) => migration.version));
    expect(rows.every((row) => row.applied_at !== 99)).toBe(true);
  });

  it('lets a second connection on the same file (e.g. a CLI) read what the first wrote', async () => {
    const path = freshPath();
    const server = createSqliteStore({ path });
    const reader = createSqliteStore({ path });
    await server.probes.add({ componentId: 'provider:openai', at: 1, ok: true, latencyMs: 5 });
    expect(await reader.probes.latest('provider:openai', 1)).toEqual([{ componentId: 'provider:openai', at: 1, ok: true, latencyMs: 5 }]);
    await reader.close();
    await server.close();
  });

  it('leaves the file in WAL mode', async () => {
    const path = freshPath();
    await createSqliteStore({ path }).close();
    expect(readRaw<{ journal_mode: string }>(path, 'PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
  });

  it('refuses a file written by a newer Lifeline, with a message that says what to do', async () => {
    const path = freshPath();
    await createSqliteStore({ path }).close();
    const newer = MIGRATIONS.length + 1;
    const raw = new BetterSqlite3(path);
    raw.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(newer, 'from the future', 0);
    raw.close();

    expect(() => createSqliteStore({ path })).toThrow(StoreSchemaTooNewError);
    expect(() => createSqliteStore({ path })).toThrow(
      new RegExp(`schema version ${newer}, but this Lifeline only knows versions up to ${MIGRATIONS.length}.*upgrade Lifeline`),
    );
    // The refused file is untouched and not left locked.
    expect(readRaw<{ version: number }>(path, 'SELECT MAX(version) AS version FROM schema_migrations')).toEqual([{ version: newer }]);
  });

  it('stores data with the injected clock when `at` is omitted', async () => {
    const store = createSqliteStore({ path: ':memory:', clock: { now: () => 7_000 } });
    const incident = await store.incidents.create({
      title: 't',
      status: 'investigating',
      impact: 'none',
      componentIds: [],
      automatic: false,
      body: 'b',
    });
    expect(incident.createdAt).toBe(7_000);
    expect(store.kind).toBe('sqlite');
    await store.close();
  });
});
