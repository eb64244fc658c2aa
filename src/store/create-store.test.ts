import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from './create-store.js';

const workDirectory = mkdtempSync(join(tmpdir(), 'lifeline-create-store-'));
afterAll(() => {
  rmSync(workDirectory, { recursive: true, force: true });
});

describe('createStore', () => {
  it('opens a memory store', async () => {
    const store = await createStore({ kind: 'memory' });
    expect(store.kind).toBe('memory');
    await store.close();
  });

  it('opens a SQLite store at the given path, creating its directory', async () => {
    const path = join(workDirectory, '.lifeline', 'lifeline.db');
    const store = await createStore({ kind: 'sqlite', path });
    expect(store.kind).toBe('sqlite');
    expect(existsSync(path)).toBe(true);
    await store.close();
  });

  it('rejects (rather than throws) when the SQLite file is from a newer Lifeline', async () => {
    const path = join(workDirectory, 'newer.db');
    await (await createStore({ kind: 'sqlite', path })).close();
    const raw = new BetterSqlite3(path);
    raw.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (1000, 'future', 0)");
    raw.close();
    const opening = createStore({ kind: 'sqlite', path });
    await expect(opening).rejects.toMatchObject({ code: 'STORE_SCHEMA_TOO_NEW' });
  });
});
