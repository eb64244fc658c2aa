import type { DeferredJob } from '../store/store.js';

/** Where a client polls a job. */
export function pollPath(id: string): string {
  return `/lifeline/jobs/${id}`;
}

function parsed(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * What `GET /lifeline/jobs/{id}` and a callback show of a job: status, attempts, times and, once
 * finished, the answer (`response`, in the client's protocol) or the final error envelope. Never
 * the request, the lease or the client key.
 */
export function jobView(job: DeferredJob): Record<string, unknown> {
  return {
    id: job.id,
    object: 'lifeline.job',
    status: job.status,
    attempts: job.attempts,
    protocol: job.protocol,
    poll_url: pollPath(job.id),
    created_at: new Date(job.createdAt).toISOString(),
    expires_at: new Date(job.expiresAt).toISOString(),
    ...(job.finishedAt !== undefined ? { finished_at: new Date(job.finishedAt).toISOString() } : {}),
    ...(job.lastError !== undefined && job.status !== 'succeeded' ? { last_error: job.lastError } : {}),
    ...(job.status === 'succeeded' ? { response_status: job.resultStatus, response: parsed(job.result) } : {}),
    ...(job.status === 'failed' ? { response_status: job.resultStatus, error: parsed(job.result) } : {}),
    ...(job.callbackState !== undefined ? { callback: { state: job.callbackState, attempts: job.callbackAttempts ?? 0 } } : {}),
  };
}
