import type { AttemptRecord, FailureClass } from '../errors/index.js';

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
