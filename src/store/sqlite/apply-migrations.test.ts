import BetterSqlite3, { type Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreSchemaTooNewError } from '../store-schema-too-new-error.js';
import { applyMigrations } from './apply-migrations.js';
import { MIGRATIONS, type Migration } from './migrations.js';

const first: Migration = { version: 1, name: 'notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)' };
const second: Migration = { version: 2, name: 'notes.author', sql: 'ALTER TABLE notes ADD COLUMN author TEXT' };
const broken: Migration = { version: 3, name: 'broken', sql: 'CREATE TABLE oops (' };
const options = { location: ':memory:', nowMs: 1_234 };

function tableNames(database: Database): string[] {
  return database
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((row) => row.name);
}

function recorded(database: Database): Array<{ version: number; name: string; applied_at: number }> {
  return database.prepare<[], { version: number; name: string; applied_at: number }>('SELECT * FROM schema_migrations ORDER BY version').all();
}

describe('applyMigrations', () => {
  let database: Database = new BetterSqlite3(':memory:');
  afterEach(() => {
    database.close();
    database = new BetterSqlite3(':memory:');
  });

  it('applies every step of an empty database in order and records it', () => {
    expect(applyMigrations(database, [first, second], options)).toEqual({ applied: [1, 2], version: 2 });
    expect(recorded(database)).toEqual([
      { version: 1, name: 'notes', applied_at: 1_234 },
      { version: 2, name: 'notes.author', applied_at: 1_234 },
    ]);
    database.prepare('INSERT INTO notes (text, author) VALUES (?, ?)').run('hello', 'me');
  });

  it('applies nothing the second time', () => {
    applyMigrations(database, [first, second], options);
    expect(applyMigrations(database, [first, second], { ...options, nowMs: 9_999 })).toEqual({ applied: [], version: 2 });
    expect(recorded(database).map((row) => row.applied_at)).toEqual([1_234, 1_234]);
  });

  it('applies only the steps added since the last run', () => {
    applyMigrations(database, [first], options);
    database.prepare('INSERT INTO notes (text) VALUES (?)').run('kept');
    expect(applyMigrations(database, [first, second], options)).toEqual({ applied: [2], version: 2 });
    expect(database.prepare<[], { text: string }>('SELECT text FROM notes').all()).toEqual([{ text: 'kept' }]);
  });

  it('rolls back every pending step when one fails', () => {
    expect(() => applyMigrations(database, [first, second, broken], options)).toThrow();
    expect(tableNames(database)).toEqual(['schema_migrations']);
    expect(recorded(database)).toEqual([]);
  });

  it('refuses a database whose schema is newer than the code', () => {
    applyMigrations(database, [first, second], options);
    let caught: unknown;
    try {
      applyMigrations(database, [first], { ...options, location: '/data/lifeline.db' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StoreSchemaTooNewError);
    expect(caught).toMatchObject({ code: 'STORE_SCHEMA_TOO_NEW', databaseVersion: 2, supportedVersion: 1, location: '/data/lifeline.db' });
    expect(String((caught as Error).message)).toContain('/data/lifeline.db has schema version 2');
  });

  it('rejects a list with gaps or out of order before touching the database', () => {
    expect(() => applyMigrations(database, [first, { ...second, version: 3 }], options)).toThrow(/without gaps/);
    expect(() => applyMigrations(database, [second, first], options)).toThrow(/without gaps/);
    expect(tableNames(database)).toEqual([]);
  });

  it('builds the store tables from the shipped migrations', () => {
    applyMigrations(database, MIGRATIONS, options);
    expect(tableNames(database)).toEqual(
      expect.arrayContaining(['incidents', 'incident_updates', 'rollups', 'probe_results', 'webhook_deliveries', 'schema_migrations']),
    );
  });
});
