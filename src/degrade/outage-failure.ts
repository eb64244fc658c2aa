import { isNoHealthyTargetError, type FailureClass, type NoHealthyTargetError } from '../errors/index.js';

/** Classes that say "the provider side is out right now", which waiting can fix; a 400 class never is. */
const OUTAGE_CLASSES: ReadonlySet<FailureClass> = new Set(['overloaded', 'server', 'timeout', 'network', 'rate_limited']);

/**
 * True when every target of the route was tried and each failed for an outage: the only failure a
 * stale answer, a deferral or a configured answer may stand in for. An invalid request, a refused
 * key or a missing model is the client's to fix and keeps its error.
 */
export function isOutageFailure(error: unknown): error is NoHealthyTargetError {
  if (!isNoHealthyTargetError(error) || error.attempts.length === 0) return false;
  return error.attempts.every((attempt) => OUTAGE_CLASSES.has(attempt.failureClass));
}
