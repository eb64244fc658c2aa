import type { Logger } from 'pino';
import type { DeferredJob, DeferredJobRepository } from '../store/store.js';
import type { JobRunResult } from './run-job.js';

/** Options for {@link JobRunner}. */
export interface JobRunnerOptions {
  jobs: DeferredJobRepository;
  /** This instance's lease owner id (host, pid and a random tail). */
  owner: string;
  /** Jobs this instance runs at once. */
  concurrency: number;
  leaseMs: number;
  pollMs: number;
  /** Route patterns with at least one target worth trying now (a breaker not open). */
  readyRoutes(): string[];
  /** Runs one job through the gateway. */
  run(job: DeferredJob, signal: AbortSignal): Promise<JobRunResult>;
  /** A job reached a final status (for callbacks and accounting). */
  onFinished(job: DeferredJob): void;
  logger: Pick<Logger, 'warn' | 'info' | 'debug'>;
  now?: () => number;
}

/**
 * Runs deferred jobs when a target of their route can answer again: woken by a breaker closing
 * or a passing probe ({@link JobRunner.wake}), and every `pollMs` for jobs other instances
 * queued and leases that ran out. Oldest first, at most `concurrency` at once; after a run fails
 * for an outage its route gets one trial job at a time until one succeeds, so a provider that is
 * just coming back is not stampeded by the backlog. Each run holds a lease renewed every third
 * of `leaseMs`; another instance takes the job over only once the lease ran out (this one died).
 */
export class JobRunner {
  readonly #options: JobRunnerOptions;
  readonly #now: () => number;
  readonly #running = new Map<string, { route: string; abort: AbortController; done: Promise<void> }>();
  /** Routes whose last run failed for an outage: one trial at a time until a run succeeds. */
  readonly #trialRoutes = new Set<string>();
  #poll: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | undefined;
  #again = false;
  #stopped = true;

  constructor(options: JobRunnerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  start(): void {
    this.#stopped = false;
    this.#poll = setInterval(() => this.wake(), this.#options.pollMs);
    this.#poll.unref();
    this.wake();
  }

  /** Looks for work now (coalesced: a wake during a pass runs one more pass after it). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#ticking) {
      this.#again = true;
      return;
    }
    this.#ticking = this.#tick()
      .catch((error: unknown) => this.#options.logger.warn({ err: error }, 'deferred jobs: could not claim work; trying again at the next poll'))
      .finally(() => {
        this.#ticking = undefined;
        if (this.#again) {
          this.#again = false;
          this.wake();
        }
      });
  }

  /** Jobs this instance is running now. */
  get running(): number {
    return this.#running.size;
  }

  /**
   * Stops claiming, stops the runs in flight and gives their jobs back to the queue at once, so
   * another instance takes them without waiting for the lease to run out.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#poll) clearInterval(this.#poll);
    for (const run of this.#running.values()) run.abort.abort();
    await this.#ticking;
    await Promise.allSettled([...this.#running.values()].map((run) => run.done));
  }

  async #tick(): Promise<void> {
    const { jobs, owner, leaseMs, concurrency } = this.#options;
    const now = this.#now();
    await jobs.expire(now);
    const ready = this.#options.readyRoutes();
    const busyRoutes = new Set([...this.#running.values()].map((run) => run.route));
    const trials = ready.filter((route) => this.#trialRoutes.has(route));
    const open = ready.filter((route) => !this.#trialRoutes.has(route));
    let free = concurrency - this.#running.size;
    if (free > 0 && open.length > 0) {
      const claimed = await jobs.claim({ owner, now, leaseMs, limit: free, routes: open });
      for (const job of claimed) this.#start(job);
      free -= claimed.length;
    }
    for (const route of trials) {
      if (free <= 0 || busyRoutes.has(route)) continue;
      const [job] = await jobs.claim({ owner, now, leaseMs, limit: 1, routes: [route] });
      if (!job) continue;
      this.#start(job);
      free -= 1;
    }
  }

  #start(job: DeferredJob): void {
    const abort = new AbortController();
    const done = this.#execute(job, abort).finally(() => {
      this.#running.delete(job.id);
      this.wake();
    });
    this.#running.set(job.id, { route: job.route, abort, done });
  }

  async #execute(job: DeferredJob, abort: AbortController): Promise<void> {
    const { jobs, owner, leaseMs, logger } = this.#options;
    const renewal = setInterval(() => {
      jobs.renew(job.id, owner, this.#now() + leaseMs).then(
        (held) => {
          if (!held) logger.warn({ job: job.id }, 'deferred job: lease lost while running (this instance was too slow to renew it)');
        },
        (error: unknown) => logger.warn({ err: error, job: job.id }, 'deferred job: lease renewal failed; retried at the next interval'),
      );
    }, Math.max(100, Math.floor(leaseMs / 3)));
    renewal.unref();
    let result: JobRunResult;
    try {
      result = await this.#options.run(job, abort.signal);
    } finally {
      clearInterval(renewal);
    }
    try {
      if (result.kind === 'outage') {
        this.#trialRoutes.add(job.route);
        await jobs.release(job.id, owner, result.message);
        return;
      }
      this.#trialRoutes.delete(job.route);
      const finishedAt = this.#now();
      const outcome =
        result.kind === 'answered'
          ? { status: 'succeeded' as const, resultStatus: result.status, result: result.result, finishedAt }
          : { status: 'failed' as const, resultStatus: result.status, result: result.result, finishedAt, lastError: result.message };
      if (!(await jobs.finish(job.id, owner, outcome))) {
        logger.warn({ job: job.id }, 'deferred job: finished after its lease was taken over; this answer is discarded');
        return;
      }
      logger.debug({ job: job.id, status: outcome.status }, 'deferred job finished');
      this.#options.onFinished({ ...job, ...outcome, leaseOwner: undefined, leaseExpiresAt: undefined } as DeferredJob);
    } catch (error) {
      // The store is out: the lease runs out and the job is run again (the answer was not kept).
      logger.warn({ err: error, job: job.id }, 'deferred job: could not record the outcome; the job runs again once its lease runs out');
    }
  }
}
