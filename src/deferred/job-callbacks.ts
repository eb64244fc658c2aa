import type { Logger } from 'pino';
import { equalJitterBackoffMs, postSigned } from '../notifications/post-signed.js';
import type { DeferredJob, DeferredJobRepository } from '../store/store.js';
import { jobView } from './job-view.js';

/** Options for {@link createJobCallbacks}. */
export interface JobCallbackOptions {
  jobs: Pick<DeferredJobRepository, 'recordCallback'>;
  secret: string | undefined;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs?: number;
  logger: Pick<Logger, 'warn'>;
  fetch?: typeof fetch;
  random?: () => number;
}

/** Sends finished jobs to their `x-lifeline-callback-url`. */
export interface JobCallbacks {
  /** Starts delivering `job` (finished, with a callback URL); retries run in the background. */
  deliver(job: DeferredJob): void;
  /** Resolves when no delivery is in flight or waiting (tests). */
  settled(): Promise<void>;
  stop(): void;
}

/**
 * Callback deliveries: the job's view (as `GET /lifeline/jobs/{id}` shows it) POSTed with the
 * webhooks' signature (`x-lifeline-signature`, secret `deferred.callback_secret`), event
 * `job.succeeded` / `job.failed` / `job.expired` and delivery id = job id (receivers deduplicate
 * on it), retried with the webhooks' backoff on network errors and non-2xx answers. Each attempt
 * is recorded on the job.
 */
export function createJobCallbacks(options: JobCallbackOptions): JobCallbacks {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const random = options.random ?? Math.random;
  const stopping = new AbortController();
  const pending = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();

  async function attempt(job: DeferredJob, attemptNumber: number): Promise<void> {
    const outcome = await postSigned({
      url: job.callbackUrl!,
      body: JSON.stringify(jobView(job)),
      headers: { 'x-lifeline-event': `job.${job.status}`, 'x-lifeline-delivery': job.id },
      secret: options.secret,
      nowMs: Date.now(),
      timeoutMs: options.timeoutMs ?? 10_000,
      stopping: stopping.signal,
      fetch: fetchImpl,
      userAgent: 'lifeline-callbacks/1',
    });
    if (outcome === 'stopped') return;
    const done = outcome.ok || attemptNumber >= options.maxAttempts;
    await options.jobs.recordCallback(job.id, outcome.ok ? 'delivered' : done ? 'failed' : 'pending', attemptNumber).catch((error: unknown) => options.logger.warn({ err: error, job: job.id }, 'could not record a callback attempt'));
    if (done) {
      if (!outcome.ok) options.logger.warn({ job: job.id, attempts: attemptNumber, error: outcome.error }, 'job callback failed for good');
      return;
    }
    let delayMs = equalJitterBackoffMs(attemptNumber - 1, options.baseDelayMs, options.maxDelayMs, random);
    if (outcome.retryAfterMs !== undefined) delayMs = Math.max(delayMs, Math.min(outcome.retryAfterMs, options.maxDelayMs));
    schedule(job, attemptNumber + 1, delayMs);
  }

  function schedule(job: DeferredJob, attemptNumber: number, delayMs: number): void {
    if (stopping.signal.aborted) return;
    let release: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => (release = resolve));
    pending.add(waiting);
    const timer = setTimeout(() => {
      timers.delete(timer);
      void attempt(job, attemptNumber).finally(() => {
        pending.delete(waiting);
        release();
      });
    }, delayMs);
    timer.unref();
    timers.add(timer);
  }

  return {
    deliver(job) {
      if (job.callbackUrl !== undefined) schedule(job, 1, 0);
    },
    async settled() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    stop() {
      stopping.abort();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      pending.clear();
    },
  };
}
