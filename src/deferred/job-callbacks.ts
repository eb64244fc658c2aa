import type { Logger } from 'pino';
import { equalJitterBackoffMs, postSigned } from '../notifications/post-signed.js';
import type { DeferredJob, DeferredJobRepository } from '../store/store.js';
import { jobView } from './job-view.js';

/** Callbacks one instance sends at once. */
const BATCH = 16;

/** Options for {@link createJobCallbacks}. */
export interface JobCallbackOptions {
  jobs: Pick<DeferredJobRepository, 'claimCallbacks' | 'recordCallback'>;
  secret: string | undefined;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a claimed callback is left to this instance before another may send it. */
  leaseMs: number;
  timeoutMs?: number;
  logger: Pick<Logger, 'warn'>;
  fetch?: typeof fetch;
  random?: () => number;
  now?: () => number;
}

/** Sends finished jobs to their `x-lifeline-callback-url`. */
export interface JobCallbacks {
  /** Sends every callback due now (coalesced; called after a job finishes and on each poll). */
  kick(): void;
  /** Resolves when no delivery is in flight (tests). */
  settled(): Promise<void>;
  stop(): void;
}

/**
 * Callback deliveries, kept in the store so none is lost with an instance: a final job with a
 * callback URL is due at once; whichever instance claims it POSTs the job's view (as
 * `GET /lifeline/jobs/{id}` shows it) with the webhooks' signature (`x-lifeline-signature`, secret
 * `deferred.callback_secret`), event `job.succeeded` / `job.failed` / `job.expired` and delivery
 * id = job id (receivers deduplicate on it: an instance killed mid-POST means a second one).
 * Network errors and non-2xx answers are retried with the webhooks' backoff.
 */
export function createJobCallbacks(options: JobCallbackOptions): JobCallbacks {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const stopping = new AbortController();
  const timers = new Set<NodeJS.Timeout>();
  let running: Promise<void> | undefined;
  let again = false;

  async function send(job: DeferredJob): Promise<void> {
    const attemptNumber = (job.callbackAttempts ?? 0) + 1;
    const outcome = await postSigned({
      url: job.callbackUrl!,
      body: JSON.stringify(jobView(job)),
      headers: { 'x-lifeline-event': `job.${job.status}`, 'x-lifeline-delivery': job.id },
      secret: options.secret,
      nowMs: now(),
      timeoutMs: options.timeoutMs ?? 10_000,
      stopping: stopping.signal,
      fetch: fetchImpl,
      userAgent: 'lifeline-callbacks/1',
    });
    // Stopped mid-POST: the claim runs out and another instance (or this one, restarted) sends it.
    if (outcome === 'stopped') return;
    const done = outcome.ok || attemptNumber >= options.maxAttempts;
    let delayMs = equalJitterBackoffMs(attemptNumber - 1, options.baseDelayMs, options.maxDelayMs, random);
    if (outcome.retryAfterMs !== undefined) delayMs = Math.max(delayMs, Math.min(outcome.retryAfterMs, options.maxDelayMs));
    await options.jobs.recordCallback(job.id, outcome.ok ? 'delivered' : done ? 'failed' : 'pending', attemptNumber, done ? undefined : now() + delayMs);
    if (!done) later(delayMs);
    else if (!outcome.ok) options.logger.warn({ job: job.id, attempts: attemptNumber, error: outcome.error }, 'job callback failed for good');
  }

  function later(delayMs: number): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      kick();
    }, delayMs);
    timer.unref();
    timers.add(timer);
  }

  async function deliverDue(): Promise<void> {
    for (;;) {
      const due = await options.jobs.claimCallbacks({ now: now(), leaseMs: options.leaseMs, limit: BATCH });
      if (due.length === 0 || stopping.signal.aborted) return;
      await Promise.all(due.map((job) => send(job).catch((error: unknown) => options.logger.warn({ err: error, job: job.id }, 'job callback could not be recorded; it is sent again once its claim runs out'))));
    }
  }

  function kick(): void {
    if (stopping.signal.aborted) return;
    if (running) {
      again = true;
      return;
    }
    running = deliverDue()
      .catch((error: unknown) => options.logger.warn({ err: error }, 'job callbacks: could not read due callbacks; trying again at the next poll'))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          kick();
        }
      });
  }

  return {
    kick,
    async settled() {
      while (running) await running;
    },
    stop() {
      stopping.abort();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
