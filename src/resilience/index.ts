export { capRetryAfterMs, fullJitterBackoffMs, type BackoffOptions } from './backoff.js';
export { RetryBudget, type RetryBudgetOptions, type RetryBudgetSnapshot } from './retry-budget.js';
export { SlidingWindowCounter, type SlidingWindowOptions } from './sliding-window.js';
export { DEFAULT_KEY_COOLDOWNS, KeyPool, type KeyCooldownDefaults, type KeyState } from './key-pool.js';
export {
  DEFAULT_RESILIENCE,
  mergeResilience,
  resilienceConfigSchema,
  resilienceIssues,
  resilienceOptionsSchema,
  resilienceOverrideSchema,
  type ResilienceOptions,
  type ResilienceOverride,
} from './resilience-options.js';
export { LatencyTracker } from './latency-tracker.js';
export { hedgeDelayMs } from './hedge-delay.js';
export type { BreakerAlgorithm } from './circuit-breaker/breaker-algorithm.js';
export {
  breakerSnapshotSchema,
  breakerStateSchema,
  type BreakerSnapshot,
  type BreakerState,
  type BreakerStateName,
} from './circuit-breaker/breaker-state.js';
export { ConsecutiveFailures } from './circuit-breaker/consecutive-failures.js';
export { FailureRate, type FailureRateOptions } from './circuit-breaker/failure-rate.js';
export { EitherAlgorithm } from './circuit-breaker/either-algorithm.js';
export { CircuitBreaker, type BreakerEvent, type BreakerPermit, type CircuitBreakerOptions } from './circuit-breaker/circuit-breaker.js';
export { BreakerRegistry, type BreakerRegistryOptions } from './circuit-breaker/breaker-registry.js';
