/**
 * The one classification every failed attempt ends in. Adapters decide the class from what
 * their provider sent (status, error type/code, headers); everything downstream — failover,
 * retry, key cooldowns, health, the client-facing status and summaries — reads only the class,
 * through {@link FAILURE_CLASS_TABLE}. The table in README.md mirrors it.
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

/** Where a failure came from, as Envoy tags it: our side of the wire or the provider's answer. */
export type FailureOrigin = 'client' | 'local' | 'upstream';

/** How a key's cooldown is sized: the provider's retry-after/reset, or a long configured default. */
export type KeyCooldownKind = 'retry-after' | 'long-auth' | 'long-quota';

/**
 * What a failure class says about health: a fault of the provider, of one key or one target;
 * `answered` (the provider answered; the request was at fault) or `ignored` (nothing was learnt).
 */
export type FailureGroup = 'provider' | 'key' | 'target' | 'answered' | 'ignored';

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

/** Everything Lifeline decides from a failure class: the failover move and what the rest reads. */
export interface FailureClassFacts extends FailurePolicy {
  /** `isRetryable` of an upstream error of this class: the client may try the same request later. */
  retryable: boolean;
  /** How health counts it. Mostly `scope`, but `context_too_long` means the provider answered. */
  healthGroup: FailureGroup;
  /** Status a client gets when every attempt failed and this class dominated. */
  clientStatus: number;
  /** How the class reads in a sentence ("overloaded ×12, timeouts ×2"). */
  words: string;
}

/**
 * The one failure-class table. Key-scoped classes are the key's fault, not the provider's, so
 * they never count against the target's health; provider-scoped classes do. `client_cancelled`
 * and `internal` stop everything and record nothing.
 */
export const FAILURE_CLASS_TABLE: Readonly<Record<FailureClass, Readonly<FailureClassFacts>>> = {
  invalid_request: {
    scope: 'request', retrySameTarget: 0, tryNextKey: false, failOver: false, countsAgainstTarget: false,
    retryable: false, healthGroup: 'answered', clientStatus: 400, words: 'invalid requests',
    summary: 'return to the client at once; no failover',
  },
  context_too_long: {
    scope: 'target', retrySameTarget: 0, tryNextKey: false, failOver: true, failOverOnlyToLargerContext: true, countsAgainstTarget: false,
    retryable: false, healthGroup: 'answered', clientStatus: 400, words: 'context too long',
    summary: 'fail over only to targets with a larger context window, else return to the client',
  },
  auth: {
    scope: 'key', retrySameTarget: 0, tryNextKey: true, failOver: true, countsAgainstTarget: false, keyCooldown: 'long-auth',
    retryable: false, healthGroup: 'key', clientStatus: 502, words: 'rejected key (auth)',
    summary: "disable the key for a long cooldown; try the provider's next key, then the next target",
  },
  rate_limited: {
    scope: 'key', retrySameTarget: 0, tryNextKey: true, failOver: true, countsAgainstTarget: false, keyCooldown: 'retry-after',
    retryable: true, healthGroup: 'key', clientStatus: 429, words: 'rate-limited',
    summary: 'cool the key down until retry-after / reset; next key, then next target',
  },
  quota: {
    scope: 'key', retrySameTarget: 0, tryNextKey: true, failOver: true, countsAgainstTarget: false, keyCooldown: 'long-quota',
    retryable: false, healthGroup: 'key', clientStatus: 429, words: 'out of quota',
    summary: 'cool the key down for a long time; next key, then next target',
  },
  overloaded: {
    scope: 'provider', retrySameTarget: 1, tryNextKey: false, failOver: true, countsAgainstTarget: true,
    retryable: true, healthGroup: 'provider', clientStatus: 529, words: 'overloaded',
    summary: 'provider-scoped: one brief retry, then the next target',
  },
  server: {
    scope: 'provider', retrySameTarget: 1, tryNextKey: false, failOver: true, countsAgainstTarget: true,
    retryable: true, healthGroup: 'provider', clientStatus: 502, words: 'server errors',
    summary: 'provider-scoped: retry once, then the next target',
  },
  timeout: {
    scope: 'provider', retrySameTarget: 0, tryNextKey: false, failOver: true, countsAgainstTarget: true,
    retryable: true, healthGroup: 'provider', clientStatus: 504, words: 'timeouts',
    summary: 'provider-scoped: the next target',
  },
  network: {
    scope: 'provider', retrySameTarget: 0, tryNextKey: false, failOver: true, countsAgainstTarget: true,
    retryable: true, healthGroup: 'provider', clientStatus: 502, words: 'connection failures',
    summary: 'provider-scoped: the next target',
  },
  not_found: {
    scope: 'target', retrySameTarget: 0, tryNextKey: false, failOver: true, countsAgainstTarget: false,
    retryable: false, healthGroup: 'target', clientStatus: 404, words: 'model not found',
    summary: 'the target cannot serve the model: the next target, not counted against health',
  },
  client_cancelled: {
    scope: 'request', retrySameTarget: 0, tryNextKey: false, failOver: false, countsAgainstTarget: false,
    // The client left: nothing was learnt about the provider.
    retryable: false, healthGroup: 'ignored', clientStatus: 499, words: 'cancelled by the client',
    summary: 'stop all attempts; record nothing against the provider',
  },
  internal: {
    scope: 'request', retrySameTarget: 0, tryNextKey: false, failOver: false, countsAgainstTarget: false,
    // Lifeline failed, not the provider.
    retryable: false, healthGroup: 'ignored', clientStatus: 500, words: 'Lifeline internal errors',
    summary: "Lifeline's own failure: answer 500, no retry, no failover; record nothing against the provider",
  },
};

/** Every FailureClass as a runtime list, for tables and tests that must cover them all. */
export const FAILURE_CLASSES = Object.keys(FAILURE_CLASS_TABLE) as readonly FailureClass[];

/** The failover move for one failure class. */
export function policyFor(failureClass: FailureClass): Readonly<FailurePolicy> {
  return FAILURE_CLASS_TABLE[failureClass];
}

/** Whether another target could succeed where this attempt failed. */
export function canFailOver(failureClass: FailureClass): boolean {
  // context_too_long only fails over to larger windows; routing decides which targets qualify.
  return FAILURE_CLASS_TABLE[failureClass].failOver;
}
