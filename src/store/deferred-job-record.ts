import { randomBytes } from 'node:crypto';
import type { DeferredJob, DeferredJobStatus, NewDeferredJob } from './store.js';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * `job_` and 26 base32 characters (130 random bits): unique across instances without
 * coordination, and too many to guess, so knowing a job's id is as good as having asked for it.
 */
export function createJobId(): string {
  let id = 'job_';
  // 256 is a multiple of 32, so the low five bits of each byte are uniform.
  for (const byte of randomBytes(26)) id += BASE32[byte & 31];
  return id;
}

/** A new job as every backend stores it: queued, no attempts, a fresh id, pending callback when one is asked for. */
export function newJobRecord(job: NewDeferredJob): DeferredJob {
  return compactJob({
    ...job,
    id: createJobId(),
    attempts: 0,
    status: 'queued',
    ...(job.callbackUrl !== undefined ? { callbackState: 'pending', callbackAttempts: 0 } : {}),
  });
}

const OPTIONAL_FIELDS = ['clientKey', 'resultStatus', 'result', 'lastError', 'leaseOwner', 'leaseExpiresAt', 'finishedAt', 'callbackUrl', 'callbackState', 'callbackAttempts', 'callbackDueAt'] as const;

/** Drops optional keys holding `undefined` (or SQL NULL read back), so a job reads the same from every backend. */
export function compactJob(job: DeferredJob): DeferredJob {
  const clean: Record<string, unknown> = { ...job };
  for (const field of OPTIONAL_FIELDS) if (clean[field] === undefined || clean[field] === null) delete clean[field];
  return clean as unknown as DeferredJob;
}

/** Zero for every status, so a count reads the same whatever the table holds. */
export function emptyStatusCounts(): Record<DeferredJobStatus, number> {
  return { queued: 0, running: 0, succeeded: 0, failed: 0, expired: 0 };
}

/** Every column of `deferred_jobs` in table order (SQLite and PostgreSQL). */
export const JOB_COLUMNS =
  'id, protocol, body, client_key, route, created_at, expires_at, attempts, status, result_status, result, last_error, lease_owner, lease_expires_at, finished_at, callback_url, callback_state, callback_attempts, callback_due_at';
