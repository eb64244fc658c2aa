import type { FailureClass } from '../errors/index.js';

/** How a key's cooldown is sized: the provider's retry-after/reset, or a long configured default. */
export type KeyCooldownKind = 'retry-after' | 'long-auth' | 'long-quota';

/** What the pipeline does after an attempt failed with a given class. */
export interface FailurePolicy {
  /** What the failure says is at fault: the request itself, one API key, one target, or the provider. */
  scope: 'request' | 'key' | 'target' | 'provider';
  /** Extra tries on the same target (and key) before moving on; capped by `max_retries_per_target` and the retry budget. */
  retrySameTarget: number;
  /** Try the same provider's next usable key. */
  tryNextKey: boolean;
  /** Move to the route's next target (after keys, when `tryNextKey`). */
  failOver: boolean;
  /** Only to targets whose context window is larger than this one's; routing decides which qualify. */
  failOverOnlyToLargerContext?: true;
  /** Feed the target's breaker as a failure. When false the breaker is `release()`d instead. */
  countsAgainstTarget: boolean;
  /** Cool the key down, and how long. */
  keyCooldown?: KeyCooldownKind;
  /** The move in words, mirrored by the README. */
  summary: string;
}

/**
 * The one failover table: each FailureClass to its move. Key-scoped classes are the key's fault,
 * not the provider's, so they never count against the target's health; provider-scoped classes
 * do. `client_cancelled` and `internal` stop everything and record nothing.
 */
export const FAILURE_POLICY: Readonly<Record<FailureClass, Readonly<FailurePolicy>>> = {
  invalid_request: {
    scope: 'request', retrySameTarget: 0, tryNextKey: false, failOver: false, countsAgainstTarget: false,
    summary: 'return to the client at once; no failover',
  },
  context_too_long: {
    scope: 'target', retrySameTarget: 0, tryNextKey: false, failOver: true, failOverOnlyToLargerContext: true, countsAgainstTarget: false,
    summary: 'fail over only to targets with a larger context window, else return to the client',
  },
  auth: {
    scope: 'key', retrySameTarget: 0, tryNextKey: true, failOver: true, countsAgainstTarget: false, keyCooldown: 'long-auth',
    summary: "disable the key for a long cooldown; try the provider's next key, then the next target",
  },
  rate_limited: {
    scope: 'key', retrySameTarget: 0, tryNextKey: true, failOver: true, countsAgainstTarget: false, keyCooldown: 'retry-after',
    summary: 'cool the key down until retry-after / reset; next key, then next target',
  },
  quota: {
    scope: 'key', retrySameTarget: 0, tryNextKey: true, failOver: true, countsAgainstTarget: false, keyCooldown: 'long-quota',
    summary: 'cool the key down for a long time; next key, then next target',
  },
  overloaded: {
    scope: 'provider', retrySameTarget: 1, tryNextKey: false, failOver: true, countsAgainstTarget: true,
    summary: 'provider-scoped: one brief retry, then the next target',
  },
  server: {
    scope: 'provider', retrySameTarget: 1, tryNextKey: false, failOver: true, countsAgainstTarget: true,
    summary: 'provider-scoped: retry once, then the next target',
  },
  timeout: {
    scope: 'provider', retrySameTarget: 0, tryNextKey: false, failOver: true, countsAgainstTarget: true,
    summary: 'provider-scoped: the next target',
  },
  network: {
    scope: 'provider', retrySameTarget: 0, tryNextKey: false, failOver: true, countsAgainstTarget: true,
    summary: 'provider-scoped: the next target',
  },
  not_found: {
    scope: 'target', retrySameTarget: 0, tryNextKey: false, failOver: true, countsAgainstTarget: false,
    summary: 'the target cannot serve the model: the next target, not counted against health',
  },
  client_cancelled: {
    scope: 'request', retrySameTarget: 0, tryNextKey: false, failOver: false, countsAgainstTarget: false,
    summary: 'stop all attempts; record nothing against the provider',
  },
  internal: {
    scope: 'request', retrySameTarget: 0, tryNextKey: false, failOver: false, countsAgainstTarget: false,
    summary: "Lifeline's own failure: answer 500, no retry, no failover; record nothing against the provider",
  },
};

/** The move for one failure class. */
export function policyFor(failureClass: FailureClass): Readonly<FailurePolicy> {
  return FAILURE_POLICY[failureClass];
}
