import { targetKey } from '../core/target-key.js';
import type { Subscription, TypedEvent } from '../core/typed-event.js';
import type { BreakerSnapshot, BreakerStateName } from '../resilience/circuit-breaker/breaker-state.js';
import type { BreakerEvent } from '../resilience/circuit-breaker/circuit-breaker.js';

/** What health needs of the breakers: their transitions, and where they stand when it starts listening. */
export interface BreakerSource {
  onTransition: TypedEvent<BreakerEvent>;
  states(): BreakerSnapshot[];
}

/**
 * The targets' breaker states as the breakers announce them: this instance's own moves and, with
 * shared state, those another instance made (CircuitBreaker.onTransition hears both). Health
 * never reads a breaker; a target is found under its {@link targetKey}, the breaker's own key.
 */
export class BreakerStates {
  readonly #states = new Map<string, BreakerStateName>();

  /** Takes where every breaker stands now, then follows their transitions; `onChange` after each one. */
  follow(source: BreakerSource, onChange: () => void): Subscription {
    this.#states.clear();
    for (const { key, state } of source.states()) this.#states.set(key, state.state);
    return source.onTransition(({ key, state }) => {
      this.#states.set(key, state.state);
      onChange();
    });
  }

  /** The state of a target's breaker, when it has one. */
  of(provider: string, model: string): BreakerStateName | undefined {
    return this.#states.get(targetKey(provider, model));
  }

  /** Drops a target no longer tracked (its breaker went with it). */
  forget(provider: string, model: string): void {
    this.#states.delete(targetKey(provider, model));
  }
}
