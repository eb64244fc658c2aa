import { FAILURE_CLASS_TABLE, NoHealthyTargetError, type AttemptRecord, type FailureClass } from '../errors/index.js';

/** Which class speaks for the whole failure: the most frequent, ties broken by the last attempt. */
function dominantClass(attempts: AttemptRecord[]): FailureClass {
  const counts = new Map<FailureClass, number>();
  for (const attempt of attempts) counts.set(attempt.failureClass, (counts.get(attempt.failureClass) ?? 0) + 1);
  let best: FailureClass = attempts.at(-1)?.failureClass ?? 'server';
  for (const [failureClass, count] of counts) if (count > (counts.get(best) ?? 0)) best = failureClass;
  return best;
}

/** Status a client gets when every attempt failed, by the class that dominated. */
function statusForClass(failureClass: FailureClass): number {
  return FAILURE_CLASS_TABLE[failureClass].clientStatus;
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
