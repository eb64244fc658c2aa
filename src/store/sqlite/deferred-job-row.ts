import { z } from 'zod';
import { compactJob } from '../deferred-job-record.js';
import type { DeferredJob } from '../store.js';

// PostgreSQL's pg returns BIGINT as text; both backends' rows go through this one schema.
const integer = z.union([z.number(), z.string().regex(/^-?\d+$/).transform(Number)]);

const jobRowSchema = z.object({
  id: z.string(),
  protocol: z.string(),
  body: z.string(),
  client_key: z.string().nullable(),
  route: z.string(),
  created_at: integer,
  expires_at: integer,
  attempts: integer,
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'expired']),
  result_status: integer.nullable(),
  result: z.string().nullable(),
  last_error: z.string().nullable(),
  lease_owner: z.string().nullable(),
  lease_expires_at: integer.nullable(),
  finished_at: integer.nullable(),
  callback_url: z.string().nullable(),
  callback_state: z.enum(['pending', 'delivered', 'failed']).nullable(),
  callback_attempts: integer.nullable(),
  callback_due_at: integer.nullable(),
});

/** A `deferred_jobs` row (SQLite's or PostgreSQL's) as a job. */
export function toJob(row: unknown): DeferredJob {
  const parsed = jobRowSchema.parse(row);
  return compactJob({
    id: parsed.id,
    protocol: parsed.protocol,
    body: parsed.body,
    clientKey: parsed.client_key ?? undefined,
    route: parsed.route,
    createdAt: parsed.created_at,
    expiresAt: parsed.expires_at,
    attempts: parsed.attempts,
    status: parsed.status,
    resultStatus: parsed.result_status ?? undefined,
    result: parsed.result ?? undefined,
    lastError: parsed.last_error ?? undefined,
    leaseOwner: parsed.lease_owner ?? undefined,
    leaseExpiresAt: parsed.lease_expires_at ?? undefined,
    finishedAt: parsed.finished_at ?? undefined,
    callbackUrl: parsed.callback_url ?? undefined,
    callbackState: parsed.callback_state ?? undefined,
    callbackAttempts: parsed.callback_attempts ?? undefined,
    callbackDueAt: parsed.callback_due_at ?? undefined,
  });
}

/** A job's column values in `JOB_COLUMNS` order (NULL for absent fields). */
export function jobValues(job: DeferredJob): unknown[] {
  return [
    job.id, job.protocol, job.body, job.clientKey ?? null, job.route, job.createdAt, job.expiresAt, job.attempts, job.status,
    job.resultStatus ?? null, job.result ?? null, job.lastError ?? null, job.leaseOwner ?? null, job.leaseExpiresAt ?? null,
    job.finishedAt ?? null, job.callbackUrl ?? null, job.callbackState ?? null, job.callbackAttempts ?? null, job.callbackDueAt ?? null,
  ];
}
