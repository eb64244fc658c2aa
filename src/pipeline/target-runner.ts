import {
  ClientCancelledError,
  GatewayError,
  LifelineError,
  UpstreamHttpError,
  type AttemptRecord,
  type TargetRef,
} from '../errors/index.js';
import type { AttemptContext, Credential, ProviderAdapter, UpstreamHeaders } from '../providers/provider-adapter.js';
import { fullJitterBackoffMs } from '../resilience/backoff.js';
import type { KeyPool } from '../resilience/key-pool.js';
import { redactedPrefix } from '../secrets/redact-secrets.js';
import type { ResilienceOptions } from '../resilience/resilience-options.js';
import type { Deadline } from './deadline.js';
import type { ResilienceState } from './resilience-state.js';
import { latencyKey } from './resilience-state.js';
import { LOST_TO_HEDGE } from './hedge.js';
import { failureReport, recordFailure } from './record-attempt.js';
import { linkSignals } from './link-signals.js';
import { sleep } from './sleep.js';
import type { AttemptEvent, GatewayEvents } from '../observability/gateway-events.js';

/** The work of one attempt: call the adapter, resolve once the answer is certain to have started. */
export type AttemptExecutor<T> = (adapter: ProviderAdapter, attempt: AttemptContext) => Promise<{ value: T; headers: UpstreamHeaders }>;

export interface TargetRunInput<T> {
  provider: string;
  model: string;
  adapter: ProviderAdapter;
  keyOptional: boolean;
  /** Builds the attempt context for a key and the attempt's signal. */
  attemptFor(credential: Credential | undefined, signal: AbortSignal): AttemptContext;
  execute: AttemptExecutor<T>;
  options: ResilienceOptions;
  deadline: Deadline;
  /** The client's signal, or its cancellation: aborted when it goes away (only `aborted` is read). */
  clientSignal: { readonly aborted: boolean };
  /** Aborted when a hedge on another target won: this run stops quietly. */
  runSignal?: AbortSignal;
  /** Failed attempts are appended here, in order. */
  failures: AttemptRecord[];
  /** True for streaming requests (for the attempt events). */
  stream: boolean;
  /** A token count, not a generation: its latency says nothing of how fast the target generates. */
  countsTokens?: boolean;
  /** Receives one event per attempt, skipped ones included. */
  events?: GatewayEvents;
  /** The model name came from the client through a `provider/*` target (see AttemptEvent.clientNamedModel). */
  clientNamedModel?: boolean;
}

export type TargetRunResult<T> =
  /** `breakerKey`: the breaker that let the attempt through, which a stream's end must settle. */
  | { outcome: 'answered'; value: T; headers: UpstreamHeaders; target: TargetRef; breakerKey: string }
  /** Move on to the route's next target. */
  | { outcome: 'next-target' }
  /** The request exceeded this target's context window: only larger-context targets may help. */
  | { outcome: 'context-too-long'; error: GatewayError }
  /** Cancelled because a hedge won elsewhere. */
  | { outcome: 'cancelled' };

/**
 * Runs one target of a route: its breaker, its keys (least recently throttled first), and the
 * failure policy's retries with full-jitter backoff or the provider's retry-after — never past the
 * deadline and never beyond the retry budget. Throws only for what ends the whole request: the
 * client's own invalid request, the client leaving, the deadline, or a {@link LifelineError}.
 *
 * Only the adapters' classified errors (the provider's answer, the wire to it) are judged against
 * the target; anything else thrown during the attempt is Lifeline's own failure and records nothing.
 */
export async function runTarget<T>(state: ResilienceState, input: TargetRunInput<T>): Promise<TargetRunResult<T>> {
  const breakerKey = state.breakerKeyOf(input.provider, input.model);
  const breaker = state.breakers.get(breakerKey);
  const pool = state.keyPool(input.provider);
  const baseTarget: TargetRef = { provider: input.provider, model: input.model };

  // Client attempts decide which client-named models keep state of their own (an answer admits
  // one), before the event goes out, so health files the answer under the model it admitted.
  const report = (event: Omit<AttemptEvent, 'at' | 'provider' | 'model' | 'stream' | 'source'>) => {
    state.dynamicTargets.recordUse(input.provider, input.model, event.outcome === 'success');
    input.events?.attemptEnded({
      at: Date.now(),
      provider: input.provider,
      model: input.model,
      stream: input.stream,
      source: 'traffic',
      ...(input.clientNamedModel ? { clientNamedModel: true } : {}),
      ...event,
    });
  };

  if (breaker.tryAcquire() === 'rejected') {
    report({ outcome: 'skipped', failureClass: state.lastFailure.get(breakerKey) ?? 'overloaded', durationMs: 0 });
    input.failures.push({
      target: baseTarget,
      failureClass: state.lastFailure.get(breakerKey) ?? 'overloaded',
      message: 'circuit open, skipped without sending a request',
      durationMs: 0,
      skipped: 'circuit_open',
    });
    return { outcome: 'next-target' };
  }
  let keys: Array<Credential | undefined> = pool.size > 0 ? pool.pick() : [undefined];
  // Every key cools down after a short rate limit: a route that waits rather than fails over waits
  // here. A timer may fire a millisecond before the clock says the cooldown is over: look again.
  for (let look = 0; look < 3 && keys.length === 0; look++) {
    const shortWaitMs = rateLimitWaitMs(pool, input.options);
    if (shortWaitMs === undefined || shortWaitMs >= input.deadline.remainingMs()) break;
    if (!(await sleep(shortWaitMs + 1, input.runSignal ? linkSignals([input.deadline.signal, input.runSignal]) : input.deadline.signal))) {
      breaker.release();
      if (input.clientSignal.aborted) throw new ClientCancelledError();
      if (input.runSignal?.aborted) return { outcome: 'cancelled' };
      throw input.deadline.signal.reason;
    }
    keys = pool.pick();
  }
  if (pool.size === 0 && !input.keyOptional) {
    breaker.release();
    input.failures.push({ target: baseTarget, failureClass: 'auth', message: 'no API key configured', durationMs: 0 });
    return { outcome: 'next-target' };
  }
  if (keys.length === 0) {
    breaker.release();
    report({ outcome: 'skipped', failureClass: pool.states().find((key) => key.status === 'cooling')?.reason ?? 'rate_limited', durationMs: 0 });
    const nextAt = pool.nextAvailableAt();
    const cooling = pool.states().find((key) => key.status === 'cooling');
    input.failures.push({
      target: baseTarget,
      failureClass: cooling?.reason ?? 'rate_limited',
      message: 'every key of this provider is cooling down',
      durationMs: 0,
      skipped: 'keys_cooling',
      ...(nextAt !== undefined ? { retryAfterMs: Math.max(0, nextAt - Date.now()) } : {}),
    });
    return { outcome: 'next-target' };
  }

  let holdsPermit = true;
  for (const credential of keys) {
    const target: TargetRef = credential ? { ...baseTarget, key: credential.label } : baseTarget;
    for (let retry = 0; ; retry++) {
      if (!holdsPermit && breaker.tryAcquire() === 'rejected') return { outcome: 'next-target' };
      holdsPermit = false;
      const signal = input.runSignal ? linkSignals([input.deadline.signal, input.runSignal]) : input.deadline.signal;
      const startedAt = performance.now();
      try {
        const { value, headers } = await input.execute(input.adapter, input.attemptFor(credential, signal));
        // A stream's verdict comes when it ends (Gateway.settleStream): one that starts and then
        // breaks must count against its target, or a provider failing mid-stream is never ejected.
        if (!input.stream) breaker.recordSuccess();
        if (credential) pool.recordSuccess(credential.label);
        const durationMs = performance.now() - startedAt;
        if (!input.countsTokens) state.latency.record(latencyKey(breakerKey, input.stream), durationMs);
        report({ outcome: 'success', durationMs, ...(credential ? { key: credential.label } : {}) });
        return { outcome: 'answered', value, headers, target, breakerKey };
      } catch (thrown) {
        if (input.clientSignal.aborted) {
          breaker.release();
          throw new ClientCancelledError();
        }
        if (input.runSignal?.aborted) {
          // Lost to a hedge with nothing produced: slow, and the breaker must hear of it.
          if (input.runSignal.reason === LOST_TO_HEDGE) {
            breaker.recordFailure();
            state.lastFailure.set(breakerKey, 'timeout');
          } else {
            breaker.release();
          }
          return { outcome: 'cancelled' };
        }
        const error = LifelineError.from(thrown);
        if (error.failureClass === 'internal') {
          // Not the provider's doing: no breaker verdict, no attempt event, no cooldown, no retry.
          breaker.release();
          throw error;
        }
        const failureClass = error.failureClass ?? 'server';
        const retryAfterMs = error instanceof UpstreamHttpError ? error.retryAfterMs : undefined;
        input.failures.push({
          target,
          failureClass,
          ...(error instanceof UpstreamHttpError ? { status: error.status } : {}),
          message: redactedPrefix(error.message, 300),
          durationMs: Math.round(performance.now() - startedAt),
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        });
        report(failureReport(error, failureClass, performance.now() - startedAt, credential?.label));
        const policy = recordFailure(state, breakerKey, target, error, failureClass);
        if (input.deadline.signal.aborted && !input.clientSignal.aborted) throw input.deadline.signal.reason;
        if (failureClass === 'invalid_request') throw error;
        if (failureClass === 'context_too_long') return { outcome: 'context-too-long', error };
        if (!policy.failOver && !policy.tryNextKey) throw error;
        let waitMs = retryWaitMs(retry, policy.retrySameTarget, retryAfterMs, input.options);
        // A short rate limit and no other key: the route says whether to wait for it here or fail over.
        const waitsOutRateLimit = failureClass === 'rate_limited' && retry === 0 && input.options.retries.on_rate_limit === 'wait';
        if (waitMs === undefined && waitsOutRateLimit && retryAfterMs !== undefined && retryAfterMs <= input.options.retries.max_retry_after_ms) {
          if (!pool.pick().some((other) => other.label !== credential?.label)) waitMs = retryAfterMs;
        }
        if (waitMs !== undefined && waitMs < input.deadline.remainingMs() && state.retryBudget.tryAcquireRetry()) {
          const waited = await sleep(waitMs, input.runSignal ? linkSignals([input.deadline.signal, input.runSignal]) : input.deadline.signal);
          if (!waited) {
            if (input.clientSignal.aborted) throw new ClientCancelledError();
            if (input.runSignal?.aborted) return { outcome: 'cancelled' };
            throw input.deadline.signal.reason;
          }
          continue;
        }
        if (policy.tryNextKey) break;
        return { outcome: 'next-target' };
      }
    }
  }
  return { outcome: 'next-target' };
}

/**
 * With `retries.on_rate_limit: wait`, how long until a key cooling down after a rate limit is
 * usable again, when that is within `max_retry_after_ms`; undefined when the route fails over.
 */
function rateLimitWaitMs(pool: KeyPool<Credential>, options: ResilienceOptions): number | undefined {
  if (options.retries.on_rate_limit !== 'wait') return undefined;
  const nextAt = pool.nextAvailableAt();
  const cooling = pool.states().find((key) => key.status === 'cooling' && key.untilMs === nextAt);
  if (nextAt === undefined || cooling?.reason !== 'rate_limited') return undefined;
  const waitMs = Math.max(0, nextAt - Date.now());
  return waitMs <= options.retries.max_retry_after_ms ? waitMs : undefined;
}

/** How long to wait before retrying the same target, or undefined when the policy says move on. */
function retryWaitMs(retry: number, policyRetries: number, retryAfterMs: number | undefined, options: ResilienceOptions): number | undefined {
  if (retry >= Math.min(policyRetries, options.retries.max_retries_per_target)) return undefined;
  if (retryAfterMs !== undefined) {
    // A provider asking for a long wait is better served by the next target.
    return retryAfterMs <= options.retries.max_retry_after_ms ? retryAfterMs : undefined;
  }
  return fullJitterBackoffMs(retry, { baseMs: options.retries.base_backoff_ms, maxMs: options.retries.max_backoff_ms });
}
