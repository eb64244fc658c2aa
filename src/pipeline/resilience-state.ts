import type { FailureClass } from '../errors/index.js';
import type { Credential } from '../providers/provider-adapter.js';
import { BreakerRegistry } from '../resilience/circuit-breaker/breaker-registry.js';
import type { Clock } from '../resilience/clock.js';
import { systemClock } from '../resilience/clock.js';
import { KeyPool } from '../resilience/key-pool.js';
import { LatencyTracker } from '../resilience/latency-tracker.js';
import type { ResilienceOptions } from '../resilience/resilience-options.js';
import { RetryBudget } from '../resilience/retry-budget.js';

/**
 * Everything the pipeline remembers between requests: a breaker per target, a key pool per
 * provider, the retry budget, recent time-to-first-token, and the last failure class per target
 * (so a skipped target can say why its circuit is open).
 */
export class ResilienceState {
  readonly breakers: BreakerRegistry;
  readonly retryBudget: RetryBudget;
  readonly latency = new LatencyTracker();
  readonly lastFailure = new Map<string, FailureClass>();
  readonly #keyPools = new Map<string, KeyPool<Credential>>();
  readonly #options: ResilienceOptions;
  readonly #clock: Clock;

  constructor(options: ResilienceOptions, providers: Iterable<[string, Credential[]]>, clock: Clock = systemClock) {
    this.#options = options;
    this.#clock = clock;
    this.breakers = BreakerRegistry.fromOptions(options.breaker, clock);
    this.retryBudget = new RetryBudget({
      budgetPercent: options.retries.budget_percent,
      minRetriesPerWindow: options.retries.min_retries_per_window,
      windowMs: options.retries.budget_window_ms,
      clock,
    });
    for (const [provider, credentials] of providers) this.#keyPools.set(provider, this.#newPool(credentials));
  }

  /** The key pool of a provider (empty for providers without keys). */
  keyPool(provider: string): KeyPool<Credential> {
    let pool = this.#keyPools.get(provider);
    if (!pool) {
      pool = this.#newPool([]);
      this.#keyPools.set(provider, pool);
    }
    return pool;
  }

  /** Every provider's key states, labels only. */
  keyStates(): Record<string, ReturnType<KeyPool<Credential>['states']>> {
    return Object.fromEntries([...this.#keyPools].map(([provider, pool]) => [provider, pool.states()]));
  }

  #newPool(credentials: Credential[]): KeyPool<Credential> {
    return new KeyPool(credentials, {
      clock: this.#clock,
      cooldowns: {
        authCooldownMs: this.#options.keys.auth_cooldown_ms,
        quotaCooldownMs: this.#options.keys.quota_cooldown_ms,
        rateLimitCooldownMs: this.#options.keys.rate_limit_cooldown_ms,
      },
    });
  }
}

/** Breaker key of a target: provider and model (a target's health is shared by every route that uses it). */
export const targetKey = (provider: string, model: string) => `target:${provider}/${model}`;

/**
 * Latency samples of a target, kept apart by kind: a stream's time to first token says how fast
 * the target starts; a non-streaming answer's time includes the whole generation.
 */
export const latencyKey = (breakerKey: string, stream: boolean) => (stream ? breakerKey : `${breakerKey} generate`);
