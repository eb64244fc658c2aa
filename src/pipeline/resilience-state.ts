import type { FailureClass } from '../errors/index.js';
import type { Credential } from '../providers/provider-adapter.js';
import { BreakerRegistry } from '../resilience/circuit-breaker/breaker-registry.js';
import type { Clock } from '../core/clock.js';
import { targetKey } from '../core/target-key.js';
import { systemClock } from '../core/clock.js';
import { KeyPool } from '../resilience/key-pool.js';
import { LatencyTracker } from '../resilience/latency-tracker.js';
import type { ResilienceOptions } from '../resilience/resilience-options.js';
import { RetryBudget } from '../resilience/retry-budget.js';
import { DynamicTargets } from '../routing/dynamic-targets.js';

/**
 * Everything the pipeline remembers between requests: a breaker per target, a key pool per
 * provider, the retry budget, recent time-to-first-token, and the last failure class per target
 * (so a skipped target can say why its circuit is open). Per-target state is keyed by
 * {@link ResilienceState.breakerKeyOf}: client-named models share their provider's until
 * `dynamicTargets` admits them, and lose theirs when it drops them.
 */
export class ResilienceState {
  readonly breakers: BreakerRegistry;
  readonly retryBudget: RetryBudget;
  readonly latency = new LatencyTracker();
  readonly lastFailure = new Map<string, FailureClass>();
  /** Which client-named models have state of their own (without one: every name does). */
  readonly dynamicTargets: DynamicTargets;
  readonly #keyPools = new Map<string, KeyPool<Credential>>();
  readonly #options: ResilienceOptions;
  readonly #clock: Clock;

  constructor(
    options: ResilienceOptions,
    providers: Iterable<[string, Credential[]]>,
    clock: Clock = systemClock,
    dynamicTargets: DynamicTargets = new DynamicTargets({ routeTargets: [], maxPerProvider: 0, ttlMs: Number.MAX_SAFE_INTEGER, clock }),
  ) {
    this.#options = options;
    this.#clock = clock;
    this.dynamicTargets = dynamicTargets;
    dynamicTargets.onDropped((target) => this.#forget(targetKey(target.provider, target.model)));
    this.breakers = BreakerRegistry.fromOptions(options.breaker, clock);
    this.retryBudget = new RetryBudget({
      budgetPercent: options.retries.budget_percent,
      minRetriesPerWindow: options.retries.min_retries_per_window,
      windowMs: options.retries.budget_window_ms,
      clock,
    });
    for (const [provider, credentials] of providers) this.#keyPools.set(provider, this.#newPool(credentials));
  }

  /** The key of the breaker (and latency, last failure) `provider/model` is judged by. */
  breakerKeyOf(provider: string, model: string): string {
    return targetKey(provider, this.dynamicTargets.stateModel(provider, model));
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

  #forget(key: string): void {
    this.breakers.forget(key);
    this.latency.forget(key);
    this.lastFailure.delete(key);
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

/**
 * Latency samples of a target, kept apart by kind: a stream's time to first token says how fast
 * the target starts; a non-streaming answer's time includes the whole generation.
 */
export const latencyKey = (breakerKey: string, stream: boolean) => (stream ? breakerKey : `${breakerKey} generate`);
