import type pg from 'pg';
import { RESPONSE_COLUMNS, storedResponseValues, toStoredResponse } from '../sqlite/stored-response-row.js';
import type { ResponseRepository } from '../store.js';
import { query } from './postgres-pool.js';

/** Stored Responses API responses in PostgreSQL: one instance keeps a response, any instance reads it. */
export function createPostgresResponseRepository(pool: pg.Pool): ResponseRepository {
  return {
    async put(response) {
      await query(
        pool,
        `INSERT INTO stored_responses (${RESPONSE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET owner = EXCLUDED.owner, response = EXCLUDED.response, input = EXCLUDED.input, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at`,
        storedResponseValues(response),
      );
    },
    async get(id, now) {
      const { rows } = await query(pool, `SELECT ${RESPONSE_COLUMNS} FROM stored_responses WHERE id = $1 AND expires_at > $2`, [id, now]);
      return rows[0] === undefined ? undefined : toStoredResponse(rows[0]);
    },
    async delete(id) {
      const result = await query(pool, `DELETE FROM stored_responses WHERE id = $1`, [id]);
      return (result.rowCount ?? 0) > 0;
    },
    async prune(now) {
      const result = await query(pool, `DELETE FROM stored_responses WHERE expires_at <= $1`, [now]);
      return result.rowCount ?? 0;
    },
  };
}
