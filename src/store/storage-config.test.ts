import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';

describe('storage config', () => {
  it('defaults to the SQLite file, zero setup', () => {
    expect(parseConfigText('{}', { env: {} }).storage).toEqual({ path: '.lifeline/lifeline.db' });
  });

  it('takes a PostgreSQL URL with schema and pool size, the password from the environment', () => {
    const config = parseConfigText('storage: { url: "postgres://lifeline:${PGPASS}@db.internal:5432/lifeline", schema: team_a, pool_size: 4 }', { env: { PGPASS: 'pw-from-env-123' } });
    expect(config.storage).toEqual({ path: '.lifeline/lifeline.db', url: 'postgres://lifeline:pw-from-env-123@db.internal:5432/lifeline', schema: 'team_a', poolSize: 4 });
  });

  it('refuses both a path and a URL, a URL that is not PostgreSQL, and a misspelt key', () => {
    expect(() => parseConfigText('storage: { path: a.db, url: "postgres://x@y/z" }', { env: {} })).toThrow(/invalid/);
    const details = (text: string) => {
      try {
        parseConfigText(text, { env: {} });
      } catch (error) {
        return JSON.stringify(error);
      }
      return '';
    };
    expect(details('storage: { path: a.db, url: "postgres://x@y/z" }')).toContain('not both');
    expect(details('storage: { url: "mysql://x@y/z" }')).toContain('PostgreSQL URL');
    expect(details('storage: { ur1: "postgres://x@y/z" }')).toContain('ur1');
    expect(details('storage: { url: "postgres://x@y/z", schema: "Bad-Name" }')).toContain('lower-case identifier');
  });
});
