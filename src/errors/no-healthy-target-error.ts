import type { FailureClass } from './failure-class.js';
import { GatewayError, type TargetRef } from './gateway-error.js';

/** One failed attempt, safe to show the client. */
export interface AttemptRecord {
  target: TargetRef;
  failureClass: FailureClass;
  /** Provider status, when it answered. */
  status?: number;
  message: string;
  durationMs: number;
  /** Set when no request was sent: the target's circuit was open, or every key was cooling down. */
  skipped?: 'circuit_open' | 'keys_cooling' | 'unknown_model';
  /** How long the provider (or the key pool) asked to wait, when it said. */
  retryAfterMs?: number;
}

/** Every target of the route failed; carries each attempt so the client sees what was tried. */
export class NoHealthyTargetError extends GatewayError {
  readonly code = 'NO_HEALTHY_TARGET';
  constructor(
    readonly attempts: AttemptRecord[],
    options: { statusCode: number; failureClass: FailureClass; retryAfterMs?: number; isRetryable: boolean },
  ) {
    super({
      message: describeAttempts(attempts),
      statusCode: options.statusCode,
      isRetryable: options.isRetryable,
      origin: 'upstream',
      failureClass: options.failureClass,
    });
    this.retryAfterMs = options.retryAfterMs;
  }
  readonly retryAfterMs: number | undefined;
}

function describeAttempts(attempts: AttemptRecord[]): string {
  const tried = attempts.map((attempt) => {
    const key = attempt.target.key ? ` [${attempt.target.key}]` : '';
    const status = attempt.status ? ` ${attempt.status}` : '';
    const skipped = attempt.skipped ? ` skipped: ${attempt.skipped.replaceAll('_', ' ')}` : '';
    return `${attempt.target.provider}/${attempt.target.model}${key}: ${attempt.failureClass}${status}${skipped} (${attempt.message})`;
  });
  return `All ${attempts.length} route attempt(s) failed: ${tried.join('; ')}`;
}
