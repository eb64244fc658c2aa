import { systemClock, type Clock } from '../../core/clock.js';
import type { ResilienceOptions } from '../resilience-options.js';
import { TypedEmitter, type Subscription, type TypedEvent } from '../../core/typed-event.js';
import type { BreakerAlgorithm } from './breaker-algorithm.js';
import type { BreakerSnapshot } from './breaker-state.js';
import { CircuitBreaker, type BreakerEvent, type CircuitBreakerOptions } from './circuit-breaker.js';
import { ConsecutiveFailures } from './consecutive-failures.js';
import { EitherAlgorithm } from './either-algorithm.js';
import { FailureRate } from './failure-rate.js';

/** Options every breaker of a registry shares; `createAlgorithm` runs once per breaker. */
export interface BreakerRegistryOptions extends Omit<CircuitBreakerOptions, 'key' | 'algorithm' | 'initialState'> {
  createAlgorithm: () => BreakerAlgorithm;
}

/**
 * Breakers by key, created on first use with shared options: one per target
 * (`target:anthropic/claude-x`) and one per key (`key:anthropic/key-1 …abcd`), never a global one.
 * Subscribers of the registry's events hear every breaker, including ones created later, which
 * is what the status page and the store need.
 */
export class BreakerRegistry {
  readonly #options: BreakerRegistryOptions;
  readonly #breakers = new Map<string, CircuitBreaker>();
  readonly #subscriptions = new Map<string, Subscription[]>();
  readonly #breakEmitter: TypedEmitter<BreakerEvent>;
  readonly #halfOpenEmitter: TypedEmitter<BreakerEvent>;
  readonly #resetEmitter: TypedEmitter<BreakerEvent>;
  readonly #transitionEmitter: TypedEmitter<BreakerEvent>;

  /** Fires when any breaker opens. */
  readonly onBreak: TypedEvent<BreakerEvent>;
  /** Fires when any breaker goes half-open. */
  readonly onHalfOpen: TypedEvent<BreakerEvent>;
  /** Fires when any breaker closes again. */
  readonly onReset: TypedEvent<BreakerEvent>;
  /** Fires on any breaker's every change of state, shared ones included (see CircuitBreaker.onTransition). */
  readonly onTransition: TypedEvent<BreakerEvent>;

  constructor(options: BreakerRegistryOptions) {
    this.#options = options;
    this.#breakEmitter = new TypedEmitter(options.onListenerError);
    this.#halfOpenEmitter = new TypedEmitter(options.onListenerError);
    this.#resetEmitter = new TypedEmitter(options.onListenerError);
    this.#transitionEmitter = new TypedEmitter(options.onListenerError);
    this.onBreak = this.#breakEmitter.event;
    this.onHalfOpen = this.#halfOpenEmitter.event;
    this.onReset = this.#resetEmitter.event;
    this.onTransition = this.#transitionEmitter.event;
  }

  /** A registry configured from the `resilience.breaker` section: consecutive failures OR failure rate. */
  static fromOptions(breaker: ResilienceOptions['breaker'], clock: Clock = systemClock): BreakerRegistry {
    return new BreakerRegistry({
      clock,
      baseEjectionTimeMs: breaker.base_ejection_time_ms,
      maxEjectionTimeMs: breaker.max_ejection_time_ms,
      createAlgorithm: () =>
        new EitherAlgorithm([
          new ConsecutiveFailures({ threshold: breaker.consecutive_failures }),
          new FailureRate({
            thresholdPercent: breaker.failure_rate_percent,
            minimumVolume: breaker.minimum_volume,
            windowMs: breaker.window_ms,
          }),
        ]),
    });
  }

  /** The breaker for `key`, created closed on first use. */
  get(key: string): CircuitBreaker {
    const existing = this.#breakers.get(key);
    if (existing) return existing;
    const { createAlgorithm, ...shared } = this.#options;
    return this.#add(new CircuitBreaker({ ...shared, key, algorithm: createAlgorithm() }));
  }

  /** True when a breaker for `key` exists. */
  has(key: string): boolean {
    return this.#breakers.has(key);
  }

  /** Drops the breaker of `key`, whatever its state (its target is no longer tracked). */
  forget(key: string): void {
    for (const subscription of this.#subscriptions.get(key) ?? []) subscription.dispose();
    this.#subscriptions.delete(key);
    this.#breakers.delete(key);
  }

  /** Every breaker's `{ key, state }`, sorted by key, for the status page and the store. */
  states(): BreakerSnapshot[] {
    return [...this.#breakers.values()].map((breaker) => breaker.toJSON()).sort((left, right) => left.key.localeCompare(right.key));
  }

  /**
   * Replaces (or creates) the breaker of a stored snapshot. No event fires for the restore
   * itself, and the replaced breaker stops forwarding its events here.
   */
  restore(json: unknown): CircuitBreaker {
    const { createAlgorithm, ...shared } = this.#options;
    return this.#add(CircuitBreaker.fromJSON(json, { ...shared, algorithm: createAlgorithm() }));
  }

  #add(breaker: CircuitBreaker): CircuitBreaker {
    for (const subscription of this.#subscriptions.get(breaker.key) ?? []) subscription.dispose();
    this.#subscriptions.set(breaker.key, [
      breaker.onBreak((event) => this.#breakEmitter.emit(event)),
      breaker.onHalfOpen((event) => this.#halfOpenEmitter.emit(event)),
      breaker.onReset((event) => this.#resetEmitter.emit(event)),
      breaker.onTransition((event) => this.#transitionEmitter.emit(event)),
    ]);
    this.#breakers.set(breaker.key, breaker);
    return breaker;
  }
}
