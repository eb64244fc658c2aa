import type pg from 'pg';
import { emptyStatusCounts, JOB_COLUMNS, newJobRecord } from '../deferred-job-record.js';
import { jobValues, toJob } from '../sqlite/deferred-job-row.js';
import type { DeferredJobRepository, DeferredJobStatus } from '../store.js';
import { query } from './postgres-pool.js';

const PLACEHOLDERS = JOB_COLUMNS.split(',').map((_, index) => `$${index + 1}`).join(', ');

/**
 * Deferred jobs in PostgreSQL, shared by every instance. A claim locks the oldest claimable rows
 * with `FOR UPDATE SKIP LOCKED` and takes them in the same statement, so instances claiming at
 * once each get different jobs and none waits for another's transaction.
 */
export function createPostgresDeferredJobRepository(pool: pg.Pool): DeferredJobRepository {
  return {
    async create(job) {
      const stored = newJobRecord(job);
      await query(pool, `INSERT INTO deferred_jobs (${JOB_COLUMNS}) VALUES (${PLACEHOLDERS})`, jobValues(stored));
      return stored;
    },
    async get(id) {
      const { rows } = await query(pool, `SELECT ${JOB_COLUMNS} FROM deferred_jobs WHERE id = $1`, [id]);
      return rows[0] === undefined ? undefined : toJob(rows[0]);
    },
    async claim({ owner, now, leaseMs, limit, routes }) {
      if (limit <= 0) return [];
      const { rows } = await query(
        pool,
        `WITH claimable AS (
           SELECT id FROM deferred_jobs
           WHERE status IN ('queued', 'running') AND ($4::text[] IS NULL OR route = ANY($4::text[])) AND expires_at > $2
             AND (status = 'queued' OR lease_expires_at <= $2)
           ORDER BY created_at, id
           LIMIT $5
           FOR UPDATE SKIP LOCKED
         )
         UPDATE deferred_jobs AS job SET status = 'running', lease_owner = $1, lease_expires_at = $3, attempts = job.attempts + 1
         FROM claimable WHERE job.id = claimable.id
         RETURNING ${JOB_COLUMNS.split(', ').map((column) => `job.${column}`).join(', ')}`,
        [owner, now, now + leaseMs, routes === undefined ? null : [...routes], limit],
      );
      // RETURNING keeps no order: sort back to oldest first.
      return rows.map(toJob).sort((first, second) => first.createdAt - second.createdAt || (first.id < second.id ? -1 : 1));
    },
    async renew(id, owner, leaseExpiresAt) {
      const result = await query(pool, `UPDATE deferred_jobs SET lease_expires_at = $1 WHERE id = $2 AND status = 'running' AND lease_owner = $3`, [leaseExpiresAt, id, owner]);
      return result.rowCount === 1;
    },
    async finish(id, owner, outcome) {
      const result = await query(
        pool,
        `UPDATE deferred_jobs SET status = $1, result_status = $2, result = $3, finished_at = $4, last_error = $5, lease_owner = NULL, lease_expires_at = NULL,
           callback_due_at = CASE WHEN callback_state = 'pending' THEN $4::bigint END
         WHERE id = $6 AND status = 'running' AND lease_owner = $7`,
        [outcome.status, outcome.resultStatus, outcome.result, outcome.finishedAt, outcome.lastError ?? null, id, owner],
      );
      return result.rowCount === 1;
    },
    async release(id, owner, lastError) {
      const result = await query(
        pool,
        `UPDATE deferred_jobs SET status = 'queued', last_error = COALESCE($1, last_error), lease_owner = NULL, lease_expires_at = NULL
         WHERE id = $2 AND status = 'running' AND lease_owner = $3`,
        [lastError ?? null, id, owner],
      );
      return result.rowCount === 1;
    },
    async expire(now) {
      // A run under a live lease is left to finish: its answer is better than an expiry.
      const result = await query(
        pool,
        `UPDATE deferred_jobs SET status = 'expired', finished_at = $1, lease_owner = NULL, lease_expires_at = NULL,
           callback_due_at = CASE WHEN callback_state = 'pending' THEN $1::bigint END
         WHERE expires_at <= $1 AND (status = 'queued' OR (status = 'running' AND lease_expires_at <= $1))`,
        [now],
      );
      return result.rowCount ?? 0;
    },
    async claimCallbacks({ now, leaseMs, limit }) {
      if (limit <= 0) return [];
      const { rows } = await query(
        pool,
        `WITH due AS (
           SELECT id FROM deferred_jobs WHERE callback_state = 'pending' AND callback_due_at <= $1
           ORDER BY callback_due_at, created_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
         )
         UPDATE deferred_jobs AS job SET callback_due_at = $2 FROM due WHERE job.id = due.id
         RETURNING ${JOB_COLUMNS.split(', ').map((column) => `job.${column}`).join(', ')}`,
        [now, now + leaseMs, limit],
      );
      return rows.map(toJob);
    },
    async recordCallback(id, state, attempts, nextDueAt) {
      await query(pool, `UPDATE deferred_jobs SET callback_state = $1, callback_attempts = $2, callback_due_at = $3 WHERE id = $4`, [state, attempts, nextDueAt ?? null, id]);
    },
    async countByStatus() {
      const counts = emptyStatusCounts();
      const { rows } = await query<{ status: DeferredJobStatus; count: string }>(pool, `SELECT status, COUNT(*) AS count FROM deferred_jobs GROUP BY status`);
      for (const row of rows) counts[row.status] = Number(row.count);
      return counts;
    },
    async prune(beforeMs) {
      const result = await query(pool, `DELETE FROM deferred_jobs WHERE status NOT IN ('queued', 'running') AND COALESCE(finished_at, created_at) < $1`, [beforeMs]);
      return result.rowCount ?? 0;
    },
  };
}
