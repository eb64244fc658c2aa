import type { Database } from 'better-sqlite3';
import { emptyStatusCounts, JOB_COLUMNS, newJobRecord } from '../deferred-job-record.js';
import type { ClaimOptions, DeferredJob, DeferredJobRepository, DeferredJobStatus } from '../store.js';
import { jobValues, toJob } from './deferred-job-row.js';

const PLACEHOLDERS = JOB_COLUMNS.split(',').map(() => '?').join(', ');
const UNFINISHED = "status IN ('queued', 'running')";

/**
 * Deferred jobs in SQLite. A claim is one write transaction (SQLite has one writer at a time), so
 * two processes on the same file can never take the same job; a lease that ran out (the process
 * died) makes the job claimable again after a restart.
 */
export function createSqliteDeferredJobRepository(database: Database): DeferredJobRepository {
  const insert = database.prepare(`INSERT INTO deferred_jobs (${JOB_COLUMNS}) VALUES (${PLACEHOLDERS})`);
  const selectOne = database.prepare<[string]>(`SELECT ${JOB_COLUMNS} FROM deferred_jobs WHERE id = ?`);
  const selectClaimable = database.prepare<{ now: number; limit: number; routes: string | null }>(
    `SELECT ${JOB_COLUMNS} FROM deferred_jobs
     WHERE (@routes IS NULL OR route IN (SELECT value FROM json_each(@routes))) AND expires_at > @now AND (status = 'queued' OR (status = 'running' AND lease_expires_at <= @now))
     ORDER BY created_at, id LIMIT @limit`,
  );
  const take = database.prepare<[string, number, string]>(
    `UPDATE deferred_jobs SET status = 'running', lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1 WHERE id = ?`,
  );
  const renew = database.prepare<[number, string, string]>(`UPDATE deferred_jobs SET lease_expires_at = ? WHERE id = ? AND status = 'running' AND lease_owner = ?`);
  const finish = database.prepare<{ status: string; result_status: number; result: string; finished_at: number; last_error: string | null; id: string; owner: string }>(
    `UPDATE deferred_jobs SET status = @status, result_status = @result_status, result = @result, finished_at = @finished_at, last_error = @last_error,
       lease_owner = NULL, lease_expires_at = NULL, callback_due_at = CASE WHEN callback_state = 'pending' THEN @finished_at END
     WHERE id = @id AND status = 'running' AND lease_owner = @owner`,
  );
  const release = database.prepare<[string | null, string, string]>(
    `UPDATE deferred_jobs SET status = 'queued', last_error = COALESCE(?, last_error), lease_owner = NULL, lease_expires_at = NULL
     WHERE id = ? AND status = 'running' AND lease_owner = ?`,
  );
  // A run under a live lease is left to finish: its answer is better than an expiry.
  const expire = database.prepare<{ now: number }>(
    `UPDATE deferred_jobs SET status = 'expired', finished_at = @now, lease_owner = NULL, lease_expires_at = NULL,
       callback_due_at = CASE WHEN callback_state = 'pending' THEN @now END
     WHERE expires_at <= @now AND (status = 'queued' OR (status = 'running' AND lease_expires_at <= @now))`,
  );
  const recordCallback = database.prepare<[string, number, number | null, string]>(`UPDATE deferred_jobs SET callback_state = ?, callback_attempts = ?, callback_due_at = ? WHERE id = ?`);
  const selectDueCallbacks = database.prepare<[number, number]>(
    `SELECT ${JOB_COLUMNS} FROM deferred_jobs WHERE callback_state = 'pending' AND callback_due_at <= ? ORDER BY callback_due_at, created_at, id LIMIT ?`,
  );
  const postpone = database.prepare<[number, string]>(`UPDATE deferred_jobs SET callback_due_at = ? WHERE id = ?`);
  const claimCallbacksTransaction = database.transaction((now: number, leaseMs: number, limit: number): DeferredJob[] => {
    const due = selectDueCallbacks.all(now, limit).map(toJob);
    for (const job of due) postpone.run(now + leaseMs, job.id);
    return due.map((job) => ({ ...job, callbackDueAt: now + leaseMs }));
  });
  const counts = database.prepare(`SELECT status, COUNT(*) AS count FROM deferred_jobs GROUP BY status`);
  const prune = database.prepare<[number]>(`DELETE FROM deferred_jobs WHERE NOT (${UNFINISHED}) AND COALESCE(finished_at, created_at) < ?`);

  const claimTransaction = database.transaction(({ owner, now, leaseMs, limit, routes }: ClaimOptions): DeferredJob[] => {
    const chosen = selectClaimable.all({ now, limit, routes: routes === undefined ? null : JSON.stringify(routes) }).map(toJob);
    for (const job of chosen) take.run(owner, now + leaseMs, job.id);
    return chosen.map((job) => ({ ...job, status: 'running' as const, leaseOwner: owner, leaseExpiresAt: now + leaseMs, attempts: job.attempts + 1 }));
  });

  return {
    async create(job) {
      const stored = newJobRecord(job);
      insert.run(...jobValues(stored));
      return stored;
    },
    async get(id) {
      const row = selectOne.get(id);
      return row === undefined ? undefined : toJob(row);
    },
    async claim(options) {
      if (options.limit <= 0) return [];
      return claimTransaction.immediate(options);
    },
    async renew(id, owner, leaseExpiresAt) {
      return renew.run(leaseExpiresAt, id, owner).changes === 1;
    },
    async finish(id, owner, outcome) {
      return finish.run({ status: outcome.status, result_status: outcome.resultStatus, result: outcome.result, finished_at: outcome.finishedAt, last_error: outcome.lastError ?? null, id, owner }).changes === 1;
    },
    async release(id, owner, lastError) {
      return release.run(lastError ?? null, id, owner).changes === 1;
    },
    async expire(now) {
      return expire.run({ now }).changes;
    },
    async claimCallbacks({ now, leaseMs, limit }) {
      if (limit <= 0) return [];
      return claimCallbacksTransaction.immediate(now, leaseMs, limit);
    },
    async recordCallback(id, state, attempts, nextDueAt) {
      recordCallback.run(state, attempts, nextDueAt ?? null, id);
    },
    async countByStatus() {
      const result = emptyStatusCounts();
      for (const row of counts.all() as Array<{ status: DeferredJobStatus; count: number }>) result[row.status] = row.count;
      return result;
    },
    async prune(beforeMs) {
      return prune.run(beforeMs).changes;
    },
  };
}
