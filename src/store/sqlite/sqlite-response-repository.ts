import type { Database } from 'better-sqlite3';
import type { ResponseRepository } from '../store.js';
import { RESPONSE_COLUMNS, storedResponseValues, toStoredResponse } from './stored-response-row.js';

/** Stored Responses API responses in SQLite. */
export function createSqliteResponseRepository(database: Database): ResponseRepository {
  const upsert = database.prepare(`INSERT OR REPLACE INTO stored_responses (${RESPONSE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`);
  const selectOne = database.prepare<[string, number]>(`SELECT ${RESPONSE_COLUMNS} FROM stored_responses WHERE id = ? AND expires_at > ?`);
  const remove = database.prepare<[string]>(`DELETE FROM stored_responses WHERE id = ?`);
  const prune = database.prepare<[number]>(`DELETE FROM stored_responses WHERE expires_at <= ?`);
  return {
    async put(response) {
      upsert.run(...storedResponseValues(response));
    },
    async get(id, now) {
      const row = selectOne.get(id, now);
      return row === undefined ? undefined : toStoredResponse(row);
    },
    async delete(id) {
      return remove.run(id).changes > 0;
    },
    async prune(now) {
      return prune.run(now).changes;
    },
  };
}
