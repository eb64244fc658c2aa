import type { RouteTarget } from '../config/resolved-config.js';
import { systemClock, type Clock } from '../core/clock.js';
import { TypedEmitter, type TypedEvent } from '../core/typed-event.js';

/**
 * The model name that stands for every client-named model of a provider that has no state of its
 * own: `provider/*`, as the route says it. A client sending the literal name `*` lands here too.
 */
export const OTHER_MODELS = '*';

/** A client-named model the provider served, now kept under its own name. */
export interface DynamicTarget {
  provider: string;
  model: string;
  /** Epoch ms of the success that admitted it. */
  firstServedAt: number;
  /** Epoch ms of the last client attempt at it (answered, failed or skipped; probes do not count). */
  lastUsedAt: number;
}

/** Options of {@link DynamicTargets}. */
export interface DynamicTargetsOptions {
  /** The configured routes' targets (long-context ones included): concrete names and `provider/*`. */
  routeTargets: Iterable<RouteTarget>;
  /** Client-named models kept under their own name, per provider. */
  maxPerProvider: number;
  /** A kept model not used by clients for this long is dropped. */
  ttlMs: number;
  clock?: Clock;
}

/**
 * Which model names get state of their own. Through a `provider/*` route target the model name
 * is whatever the client sent, so keying breakers, health components, probes or metric series by
 * it would let any client grow Lifeline without bound. Concrete route targets always have their
 * own state. A client-named model gets its own only once the provider answered it, at most
 * `maxPerProvider` per provider, and loses it after `ttlMs` without client traffic. Every other
 * client-named model shares the provider's {@link OTHER_MODELS} state.
 * @example
 * const dynamic = new DynamicTargets({ routeTargets: routes.flatMap((route) => route.targets), maxPerProvider: 20, ttlMs: 3_600_000 });
 * const breakerKey = `target:${provider}/${dynamic.stateModel(provider, model)}`;
 */
export class DynamicTargets {
  readonly maxPerProvider: number;
  readonly ttlMs: number;
  readonly #clock: Clock;
  readonly #configured = new Map<string, Set<string>>();
  readonly #withOtherModels = new Set<string>();
  readonly #admitted = new Map<string, Map<string, DynamicTarget>>();
  readonly #dropped = new TypedEmitter<DynamicTarget>();

  /** Fires once for each model that lost its own state (TTL), after it was removed. */
  readonly onDropped: TypedEvent<DynamicTarget> = this.#dropped.event;

  constructor(options: DynamicTargetsOptions) {
    this.maxPerProvider = options.maxPerProvider;
    this.ttlMs = options.ttlMs;
    this.#clock = options.clock ?? systemClock;
    for (const target of options.routeTargets) {
      if (target.model === OTHER_MODELS) this.#withOtherModels.add(target.provider);
      else setOf(this.#configured, target.provider).add(target.model);
    }
  }

  /** True when a route names `provider/model` itself. */
  isConfigured(provider: string, model: string): boolean {
    return this.#configured.get(provider)?.has(model) ?? false;
  }

  /** True when some route sends client-named models to `provider` (`provider/*`). */
  hasOtherModels(provider: string): boolean {
    return this.#withOtherModels.has(provider);
  }

  /**
   * The model name state of `provider/model` is kept under: its own for configured and admitted
   * models (and for every model of a provider no `provider/*` route reaches), else {@link OTHER_MODELS}.
   */
  stateModel(provider: string, model: string): string {
    if (!this.#withOtherModels.has(provider) || this.isConfigured(provider, model)) return model;
    return this.#admitted.get(provider)?.has(model) ? model : OTHER_MODELS;
  }

  /**
   * A client attempt at `provider/model` ended. An answer admits a client-named model while its
   * provider has room; any attempt keeps an admitted one alive. Returns true when the model has
   * its own state afterwards.
   */
  recordUse(provider: string, model: string, answered: boolean): boolean {
    if (this.stateModel(provider, model) !== OTHER_MODELS) {
      const admitted = this.#admitted.get(provider)?.get(model);
      if (admitted) admitted.lastUsedAt = this.#clock.now();
      return true;
    }
    if (!answered || model === OTHER_MODELS) return false;
    const now = this.#clock.now();
    let models = this.#admitted.get(provider);
    if (models && models.size >= this.maxPerProvider) {
      this.sweep();
      models = this.#admitted.get(provider);
    }
    // Full: the newcomer waits in the shared state rather than pushing out a model in use.
    if (models && models.size >= this.maxPerProvider) return false;
    if (!models) this.#admitted.set(provider, (models = new Map()));
    models.set(model, { provider, model, firstServedAt: now, lastUsedAt: now });
    return true;
  }

  /** Drops every admitted model unused for `ttlMs` (each fires `onDropped`); returns them. */
  sweep(): DynamicTarget[] {
    const cutoff = this.#clock.now() - this.ttlMs;
    const dropped: DynamicTarget[] = [];
    for (const [provider, models] of this.#admitted) {
      for (const [model, target] of models) {
        if (target.lastUsedAt > cutoff) continue;
        models.delete(model);
        dropped.push(target);
      }
      if (models.size === 0) this.#admitted.delete(provider);
    }
    for (const target of dropped) this.#dropped.emit(target);
    return dropped;
  }

  /** The admitted client-named models, per provider in order of admission. */
  list(): DynamicTarget[] {
    return [...this.#admitted.values()].flatMap((models) => [...models.values()].map((target) => ({ ...target })));
  }
}

function setOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
