/**
 * The one classification every failed attempt ends in. Adapters decide the class from what
 * their provider sent (status, error type/code, headers); everything downstream — failover,
 * health, the client-facing status — reads only the class. The table in README.md mirrors this.
 */
export type FailureClass =
  | 'invalid_request'
  | 'context_too_long'
  | 'auth'
  | 'rate_limited'
  | 'quota'
  | 'overloaded'
  | 'server'
  | 'timeout'
  | 'network'
  | 'not_found'
  | 'client_cancelled'
  /** Lifeline's own failure (a bug, local resource exhaustion): never the provider's. */
  | 'internal';

/** Whether another target could succeed where this attempt failed. */
export function canFailOver(failureClass: FailureClass): boolean {
  switch (failureClass) {
    case 'invalid_request':
    case 'client_cancelled':
    // Another target would meet the same Lifeline.
    case 'internal':
      return false;
    default:
      // context_too_long only fails over to larger windows; routing decides which targets qualify.
      return true;
  }
}

/** Where a failure came from, as Envoy tags it: our side of the wire or the provider's answer. */
export type FailureOrigin = 'client' | 'local' | 'upstream';
