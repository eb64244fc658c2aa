import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ResolvedRoute } from '../config/resolved-config.js';
import type { ExtraRoute } from '../http/request-context.js';
import type { Gateway } from '../pipeline/gateway.js';
import { targetKey } from '../core/target-key.js';
import type { Subscription } from '../core/typed-event.js';
import type { DeferredJobRepository } from '../store/store.js';
import type { DeferredConfig } from './deferred-config.js';
import { createJobCallbacks, type JobCallbacks } from './job-callbacks.js';
import { JobRunner } from './job-runner.js';
import { createJobRoutes } from './job-routes.js';
import { runJob } from './run-job.js';

/** Options for {@link startDeferredJobs}. */
export interface DeferredJobsOptions {
  jobs: DeferredJobRepository;
  gateway: Gateway;
  routes: readonly ResolvedRoute[];
  config: DeferredConfig;
  registry: Registry;
  logger: Logger;
}

/** The running deferred-jobs feature: its poll route, runner and callbacks. */
export interface DeferredJobs {
  routes: ExtraRoute[];
  runner: JobRunner;
  callbacks: JobCallbacks;
  /** This instance's lease owner id. */
  owner: string;
  /** Gives running jobs back to the queue and stops (shutdown). */
  stop(): Promise<void>;
}

/**
 * Starts the runner of deferred jobs: woken when a breaker of a route's target closes or goes
 * half-open and when a probe passes, polling otherwise. Each run is one request to the route as
 * the client would have made it; its usage is counted for the job's client key.
 */
export function startDeferredJobs(options: DeferredJobsOptions): DeferredJobs {
  const { gateway, config, logger } = options;
  const breakers = gateway.resilience.breakers;
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const finished = new Counter({ name: 'lifeline_deferred_jobs_finished_total', help: 'Deferred jobs that reached a final status on this instance, by status.', labelNames: ['status'], registers: [options.registry] });
  new Gauge({
    name: 'lifeline_deferred_jobs',
    help: 'Deferred jobs in the store by status (every instance\'s).',
    labelNames: ['status'],
    registers: [options.registry],
    async collect() {
      const counts = await options.jobs.countByStatus().catch(() => undefined);
      if (counts) for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
    },
  });
  const callbacks = createJobCallbacks({
    jobs: options.jobs,
    secret: config.callback_secret,
    maxAttempts: config.callback_max_attempts,
    baseDelayMs: config.callback_base_delay_ms,
    maxDelayMs: config.callback_max_delay_ms,
    leaseMs: config.lease_ms,
    logger,
  });
  // Callbacks left by an instance that died (or by this one before a restart) are picked up here.
  const callbackPoll = setInterval(() => callbacks.kick(), config.poll_ms);
  callbackPoll.unref();

  // A target is worth a try unless its breaker is open and not yet due for a trial.
  const targetReady = (provider: string, model: string): boolean => {
    const key = targetKey(provider, model);
    if (!breakers.has(key)) return true;
    const state = breakers.get(key).state;
    return state.state !== 'open' || state.reopenAt <= Date.now();
  };
  const runner = new JobRunner({
    jobs: options.jobs,
    owner,
    concurrency: config.concurrency,
    leaseMs: config.lease_ms,
    pollMs: config.poll_ms,
    readyRoutes: () => options.routes.filter((route) => route.targets.some((target) => gateway.providers.has(target.provider) && targetReady(target.provider, target.model))).map((route) => route.pattern),
    async run(job, signal) {
      const startedAt = performance.now();
      const result = await runJob(gateway, job, signal);
      if (result.kind === 'answered' && job.clientKey !== undefined) {
        // Client-key usage is counted from request-end events: a deferred run spends tokens too.
        gateway.events.requestEnded({
          at: Date.now(),
          path: job.protocol === 'anthropic' ? '/v1/messages' : '/v1/chat/completions',
          status: 200,
          durationMs: Math.round(performance.now() - startedAt),
          clientKey: job.clientKey,
          model: result.model,
          target: result.target,
          ...(result.inputTokens !== undefined ? { inputTokens: result.inputTokens } : {}),
          ...(result.outputTokens !== undefined ? { outputTokens: result.outputTokens } : {}),
        });
      }
      return result;
    },
    onFinished(job) {
      finished.inc({ status: job.status });
      if (job.callbackUrl !== undefined) callbacks.kick();
    },
    logger,
  });
  const subscriptions: Subscription[] = [
    breakers.onReset(() => runner.wake()),
    breakers.onHalfOpen(() => runner.wake()),
    gateway.events.onAttemptEnd((event) => {
      if (event.source === 'probe' && event.outcome === 'success') runner.wake();
    }),
  ];
  runner.start();
  return {
    routes: createJobRoutes(options.jobs),
    runner,
    callbacks,
    owner,
    async stop() {
      for (const subscription of subscriptions) subscription.dispose();
      clearInterval(callbackPoll);
      await runner.stop();
      callbacks.stop();
    },
  };
}
