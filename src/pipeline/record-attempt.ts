import { policyFor, UpstreamHttpError, type FailureClass, type FailurePolicy, type GatewayError, type TargetRef } from '../errors/index.js';
import type { AttemptEvent, GatewayEvents } from '../observability/gateway-events.js';
import type { ResilienceState } from './resilience-state.js';

/** How an attempt, or a stream that started, ended. */
export type AttemptEnding = { outcome: 'success' } | { outcome: 'cancelled' } | { outcome: 'failure'; error: GatewayError };

/** The attempt event fields that describe a classified failure. */
export type FailureReport = Pick<AttemptEvent, 'outcome' | 'failureClass' | 'origin' | 'durationMs' | 'status' | 'key'>;

/** What an attempt event says about `error`, an attempt's classified failure after `durationMs`. */
export function failureReport(error: GatewayError, failureClass: FailureClass, durationMs: number, keyLabel: string | undefined): FailureReport {
  return {
    outcome: 'failure',
    failureClass,
    origin: error.origin,
    durationMs,
    ...(error instanceof UpstreamHttpError ? { status: error.status } : {}),
    ...(keyLabel ? { key: keyLabel } : {}),
  };
}

/**
 * Applies a classified failure to the target's state, streaming or not: the breaker hears it
 * (or is released, for classes that do not count against the target), the target's last failure
 * is kept, and the key cools down when the class says so. Returns the class's policy.
 */
export function recordFailure(state: ResilienceState, breakerKey: string, target: TargetRef, error: GatewayError, failureClass: FailureClass): Readonly<FailurePolicy> {
  const policy = policyFor(failureClass);
  const breaker = state.breakers.get(breakerKey);
  if (policy.countsAgainstTarget) {
    breaker.recordFailure();
    state.lastFailure.set(breakerKey, failureClass);
  } else {
    breaker.release();
  }
  if (policy.keyCooldown && target.key) {
    const retryAfterMs = error instanceof UpstreamHttpError ? error.retryAfterMs : undefined;
    state.keyPool(target.provider).cooldown(target.key, { reason: failureClass, ...(retryAfterMs !== undefined ? { untilMs: Date.now() + retryAfterMs } : {}) });
  }
  return policy;
}

/**
 * Records the end of a stream that started on `target`: success closes the books; a failure
 * counts like a failed attempt (breaker, key cooldown, last failure, attempt event); a stream the
 * client abandoned, or one Lifeline's own code broke, frees the breaker without a verdict.
 */
export function settleStream(state: ResilienceState, answered: { target: TargetRef; breakerKey: string }, ending: AttemptEnding, events?: GatewayEvents): void {
  const { target, breakerKey } = answered;
  if (ending.outcome === 'success') {
    state.breakers.get(breakerKey).recordSuccess();
    return;
  }
  // A stream Lifeline itself broke (see LifelineError) says nothing about the target.
  if (ending.outcome === 'cancelled' || ending.error.failureClass === 'internal') {
    state.breakers.get(breakerKey).release();
    return;
  }
  const failureClass = ending.error.failureClass ?? 'server';
  events?.attemptEnded({
    at: Date.now(),
    provider: target.provider,
    model: target.model,
    stream: true,
    source: 'traffic',
    ...failureReport(ending.error, failureClass, 0, target.key),
  });
  recordFailure(state, breakerKey, target, ending.error, failureClass);
}
