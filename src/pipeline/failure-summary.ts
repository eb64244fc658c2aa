import { NoHealthyTargetError, type AttemptRecord, type FailureClass } from '../errors/index.js';

/** Status a client gets when every attempt failed, by the class that dominated. */
const STATUS_BY_CLASS: Record<FailureClass, number> = {
  overloaded: 529,
  rate_limited: 429,
  quota: 429,
  server: 502,
  network: 502,
  timeout: 504,
  auth: 502,
  not_found: 404,
  context_too_long: 400,
  invalid_request: 400,
  client_cancelled: 499,
  internal: 500,
};

/** Which class speaks for the whole failure: the most frequent, ties broken by the last attempt. */
export function dominantClass(attempts: AttemptRecord[]): FailureClass {
  const counts = new Map<FailureClass, number>();
  for (const attempt of attempts) counts.set(attempt.failureClass, (counts.get(attempt.failureClass) ?? 0) + 1);
  let best: FailureClass = attempts.at(-1)?.failureClass ?? 'server';
  for (const [failureClass, count] of counts) if (count > (counts.get(best) ?? 0)) best = failureClass;
  return best;
}

export function statusForClass(failureClass: FailureClass): number {
  return STATUS_BY_CLASS[failureClass];
}

/**
 * The error for a request whose every target failed: the dominant class's status, and for rate
 * limits the shortest wait any key or provider asked for, so the client knows when to come back.
 */
export function allTargetsFailed(failures: AttemptRecord[]): NoHealthyTargetError {
  if (failures.length === 0) {
    return new NoHealthyTargetError([], { statusCode: 503, failureClass: 'server', isRetryable: false });
  }
  const failureClass = dominantClass(failures);
  const waits = failures.filter((failure) => failure.failureClass === failureClass && failure.retryAfterMs !== undefined).map((failure) => failure.retryAfterMs!);
  return new NoHealthyTargetError(failures, {
    statusCode: statusForClass(failureClass),
    failureClass,
    isRetryable: false,
    ...(waits.length > 0 ? { retryAfterMs: Math.min(...waits) } : {}),
  });
}
