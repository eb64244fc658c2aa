/**
 * Decides when a closed breaker should open (cockatiel's `IBreaker`). The breaker owns the
 * states; an algorithm only counts outcomes while the breaker is closed. Time is passed in so
 * every algorithm is deterministic.
 * @example
 * const algorithm = new EitherAlgorithm([new ConsecutiveFailures({ threshold: 5 }), new FailureRate({ ... })]);
 * const breaker = new CircuitBreaker({ key: 'target:anthropic/claude-x', algorithm, ... });
 */
export interface BreakerAlgorithm {
  /** A call succeeded at `now`. */
  recordSuccess(now: number): void;
  /** A call failed at `now` (only failures that count against the target reach this). */
  recordFailure(now: number): void;
  /** True when the failures recorded so far should open the breaker. */
  shouldOpen(now: number): boolean;
  /** Forgets everything; called when the breaker opens or closes. */
  reset(): void;
}
