import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './open-database.js';

const workDirectory = mkdtempSync(join(tmpdir(), 'lifeline-open-database-'));
afterAll(() => {
  rmSync(workDirectory, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('creates missing directories and turns on WAL, foreign keys and the busy timeout', () => {
    const path = join(workDirectory, 'nested', 'deeper', 'lifeline.db');
    const database = openDatabase({ path, busyTimeoutMs: 1_234 });
    try {
      expect(existsSync(path)).toBe(true);
      expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(database.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(database.pragma('busy_timeout', { simple: true })).toBe(1_234);
      expect(database.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    } finally {
      database.close();
    }
  });

  it('opens :memory: without creating anything on disk', () => {
    const database = openDatabase({ path: ':memory:' });
    try {
      expect(database.memory).toBe(true);
      expect(database.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(database.pragma('busy_timeout', { simple: true })).toBe(5_000);
    } finally {
      database.close();
    }
    expect(existsSync(':memory:')).toBe(false);
  });
});
