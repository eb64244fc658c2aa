import type { ResolvedConfig, ResolvedRoute } from '../config/resolved-config.js';
import type { AttemptEvent, GatewayEvents } from '../observability/gateway-events.js';
import type { ProviderEntry } from '../pipeline/gateway.js';
import type { Credential } from '../providers/provider-adapter.js';
import type { BreakerStateName } from '../resilience/circuit-breaker/breaker-state.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { KeyState } from '../resilience/key-pool.js';
import { TypedEmitter, type Subscription, type TypedEvent } from '../core/typed-event.js';
import { isGlob } from '../routing/glob.js';
import type { DynamicTargets, DynamicTarget } from '../routing/dynamic-targets.js';
import type { RouteTable } from '../routing/route-table.js';
import type { LifelineStore, Rollup } from '../store/store.js';
import { BreakerStates, type BreakerSource } from './breaker-states.js';
import { ActiveProber, type KeyCheck, type ProbeOutcome, type ProbeTarget } from './active-prober.js';
import { otherModelsComponentId, providerComponentId, targetComponentId } from './component-id.js';
import type { HealthConfig } from './health-config.js';
import type { ComponentId, ComponentVerdict, HealthSnapshot, KeyHealth } from './health-types.js';
import { officialPageOf, statusPageUrlOf } from '../providers/registry.js';
import { OfficialStatusPoller, type FetchLike } from './official-status-poller.js';
import { PassiveSignals } from './passive-signals.js';
import { RollupWriter, toRollup } from './rollup-writer.js';
import { evaluateHealth, INITIAL_VERDICT_MEMORY, type ProviderInput, type TargetInput, type VerdictResult } from './verdict-engine.js';
import { WorstStatusTracker } from './worst-status-tracker.js';

/** The smallest gap between two `onChange` emissions. */
const CHANGE_THROTTLE_MS = 250;
/** How soon after an attempt event verdicts are recomputed (coalescing bursts). */
const EVENT_EVALUATE_DELAY_MS = 250;

/** What the monitor needs from the gateway: a structural subset of `Gateway`. */
export interface MonitoredGateway {
  routes: Pick<RouteTable, 'patterns' | 'match'>;
  providers: ReadonlyMap<string, ProviderEntry>;
  resilience: {
    /** Followed through their transitions (breaker-states.ts), never polled. */
    breakers: BreakerSource;
    keyPool(provider: string): { readonly size: number; pick(): Credential[]; states(): KeyState[] };
    keyStates(): Record<string, KeyState[]>;
    dynamicTargets: Pick<DynamicTargets, 'stateModel' | 'hasOtherModels' | 'list' | 'sweep' | 'onDropped'>;
  };
  events: GatewayEvents;
}

/** A client-named model with a component of its own, and its verdict (for admins). */
export interface DynamicTargetHealth extends DynamicTarget, Partial<Pick<ComponentVerdict, 'status' | 'scope' | 'reason'>> {
  /** True when the status page shows it (`health.dynamic_targets.publish`). */
  published: boolean;
}

/** Options of {@link createHealthMonitor}. */
export interface HealthMonitorOptions {
  config: HealthConfig;
  gateway: MonitoredGateway;
  providers: ResolvedConfig['providers'];
  /** The configured routes, for targets behind glob patterns; without them only exact-name routes are listed up front. */
  routes?: readonly ResolvedRoute[];
  store?: LifelineStore;
  clock?: Clock;
  /** For the official status pages (tests serve them locally). */
  fetch?: FetchLike;
  /** Background failures (store writes); health keeps running. */
  onError?: (error: unknown) => void;
  /**
   * Attempts the other instances of a fleet sent (shared state): verdicts are then made from the
   * fleet's traffic, while rollups stay this instance's own (the store sums every instance's).
   */
  fleetAttempts?: TypedEvent<AttemptEvent>;
}

/** Lifeline's live health: what the status page, incidents, metrics and the CLI read. */
export interface HealthMonitor {
  /** Starts listening, probing, polling official pages and writing rollups. */
  start(): void;
  /** Stops everything and writes the minute in progress. */
  stop(): Promise<void>;
  /** The latest verdicts (recomputed when older than `evaluate_interval_ms`). */
  snapshot(): HealthSnapshot;
  /** Fires when any component's status or scope changes, at most once per 250 ms. */
  onChange: TypedEvent<HealthSnapshot>;
  /** Every key's state and verdict, labels only (for admins). */
  keys(): KeyHealth[];
  /** The client-named models the providers served that have a component of their own (for admins). */
  dynamicTargets(): DynamicTargetHealth[];
  /** Probes every target now, then recomputes verdicts. */
  probeAll(): Promise<ProbeOutcome[]>;
  /** Checks every key of every provider once (`lifeline check`). */
  checkKeys(): Promise<KeyCheck[]>;
  /** Recomputes verdicts now. */
  evaluate(): HealthSnapshot;
  /**
   * What memory holds of `id`'s minutes in [fromMs, toMs) that the store does not have yet, as
   * rollups (the minute in progress included): the store gets them every few seconds, so live
   * charts add these to the stored rows.
   */
  liveRollups(id: ComponentId, fromMs: number, toMs: number): Rollup[];
}

/**
 * Builds the health monitor: passive signals from the gateway's events, active probes of idle
 * targets, the providers' official status pages, the verdict engine with hysteresis, and
 * per-minute rollups in the store.
 * @example
 * const health = createHealthMonitor({ config: DEFAULT_HEALTH, gateway, providers: config.providers, routes: config.routes, store });
 * health.onChange((snapshot) => statusPage.push(snapshot));
 * health.start();
 */
export function createHealthMonitor(options: HealthMonitorOptions): HealthMonitor {
  const { config, gateway } = options;
  const clock = options.clock ?? systemClock;
  const dynamic = gateway.resilience.dynamicTargets;
  const providerNames = Object.keys(options.providers).filter((name) => gateway.providers.has(name));
  const configuredTargets = listConfiguredTargets(options, providerNames);
  const configuredIds = new Set(configuredTargets.map((target) => targetComponentId(target.provider, target.model)));
  // Client-named models share `provider/*` until the provider served them (routing/dynamic-targets.ts).
  const targetOf = (provider: string, model: string): ComponentId => {
    const own = targetComponentId(provider, model);
    return configuredIds.has(own) ? own : targetComponentId(provider, dynamic.stateModel(provider, model));
  };
  const signals = new PassiveSignals({ windowMs: config.window_ms, baselineWindowMs: config.baseline_window_ms, targetOf });
  /** What verdicts read: this instance's signals, or in a fleet a second set that also hears the others' attempts. */
  const verdictSignals = options.fleetAttempts ? new PassiveSignals({ windowMs: config.window_ms, baselineWindowMs: config.baseline_window_ms, targetOf }) : signals;
  const worst = new WorstStatusTracker();
  const breakers = new BreakerStates();
  const changes = new TypedEmitter<HealthSnapshot>();

  /** Admitted client-named models, minus any a monitor-only route names (`lifeline check`). */
  const admitted = (): ProbeTarget[] =>
    dynamic
      .list()
      .filter((target) => providerNames.includes(target.provider) && !configuredIds.has(targetComponentId(target.provider, target.model)))
      .map(({ provider, model }) => ({ provider, model }));
  /** Probes only ever go to configured targets and to the bounded set of models the providers served. */
  const targets = (): ProbeTarget[] => [...configuredTargets, ...admitted()];

  let result: VerdictResult | undefined;
  let memory = INITIAL_VERDICT_MEMORY;
  let lastEmitAt = Number.NEGATIVE_INFINITY;
  let emitTimer: NodeJS.Timeout | undefined;
  let evaluateTimer: NodeJS.Timeout | undefined;
  let tickTimer: NodeJS.Timeout | undefined;
  // Signals listen from creation, so on-demand probes (`lifeline check`) are counted without start().
  let signalSubscription: Subscription | undefined = attachSignals();
  let eventSubscription: Subscription | undefined;
  let started = false;

  const poller = new OfficialStatusPoller({
    sources: new Map(
      config.official.enabled
        ? providerNames.flatMap((name) => {
            const url = statusPageUrlOf(options.providers[name]!);
            return url ? [[name, url] as const] : [];
          })
        : [],
    ),
    intervalMs: config.official.interval_ms,
    timeoutMs: config.official.timeout_ms,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    clock,
    onUpdate: () => scheduleEvaluate(),
  });
  const prober = new ActiveProber({
    gateway,
    targets,
    signals,
    config: config.probe,
    confirmAfterFailures: config.hysteresis.open_after_failures,
    ...(options.store ? { store: options.store } : {}),
    // No client text in the store unless the page shows it anyway.
    storedComponentOf: (target) => {
      const id = targetComponentId(target.provider, target.model);
      return config.dynamic_targets.publish || configuredIds.has(id) ? id : otherModelsComponentId(target.provider);
    },
    clock,
    ...(options.onError ? { onError: options.onError } : {}),
  });
  const rollups = options.store
    ? new RollupWriter({
        store: options.store,
        signals,
        // The components a verdict would publish, as of now: the last verdict may predate a target's
        // first traffic (verdicts follow events 250 ms later), and the final write at stop must have it.
        components: () => [...providerNames.map(providerComponentId), ...targets().map((target) => targetComponentId(target.provider, target.model))],
        worstStatus: (id, minute) => worst.worst(id, minute),
        clock,
        ...(options.onError ? { onError: options.onError } : {}),
      })
    : undefined;

  /** Signals and breaker states follow the gateway's events; a model the gateway stops tracking takes its state along. */
  function attachSignals(): Subscription {
    const subscriptions = [
      signals.attach(gateway.events),
      dynamic.onDropped((target) => {
        const id = targetComponentId(target.provider, target.model);
        signals.forget(id);
        verdictSignals.forget(id);
        worst.forget(id);
        breakers.forget(target.provider, target.model);
      }),
      // A breaker's move (this instance's, or another's through shared state) shows without waiting for traffic.
      breakers.follow(gateway.resilience.breakers, () => scheduleEvaluate()),
    ];
    if (verdictSignals !== signals && options.fleetAttempts) {
      subscriptions.push(
        verdictSignals.attach(gateway.events),
        options.fleetAttempts((event) => {
          verdictSignals.recordAttempt(event);
          scheduleEvaluate();
        }),
      );
    }
    return { dispose: () => subscriptions.forEach((subscription) => subscription.dispose()) };
  }

  function providerInputs(): ProviderInput[] {
    const keyStates = gateway.resilience.keyStates();
    const dynamicTargets = admitted();
    return providerNames.map((name) => {
      const official = poller.status(name);
      const officialPage = officialPageOf(options.providers[name]!);
      const judged: TargetInput[] = [
        ...configuredTargets.filter((target) => target.provider === name).map((target) => ({ model: target.model, ...breakerOf(target) })),
        ...(dynamic.hasOtherModels(name) ? [{ model: '*', ...breakerOf({ provider: name, model: '*' }) }] : []),
        ...dynamicTargets
          .filter((target) => target.provider === name)
          .map((target) => ({ model: target.model, ...breakerOf(target), ...(config.dynamic_targets.publish ? {} : { unpublished: true as const }) })),
      ];
      return {
        name,
        targets: judged,
        keys: (keyStates[name] ?? []).map((key) => ({
          label: key.label,
          state: key.status,
          ...(key.reason ? { reason: key.reason } : {}),
          ...(key.untilMs !== undefined ? { untilMs: key.untilMs } : {}),
        })),
        ...(official ? { official } : {}),
        ...(officialPage ? { officialPage } : {}),
        ...(missingKey(name) ? { missingKey: true } : {}),
      };
    });
  }

  function missingKey(name: string): boolean {
    const entry = gateway.providers.get(name);
    return entry !== undefined && entry.credentials.length === 0 && !entry.keyOptional;
  }

  function breakerOf(target: ProbeTarget): { breaker?: BreakerStateName } {
    const state = breakers.of(target.provider, target.model);
    return state ? { breaker: state } : {};
  }

  function evaluate(): HealthSnapshot {
    dynamic.sweep();
    const previous = result?.snapshot;
    result = evaluateHealth({ now: clock.now(), config, signals: verdictSignals, providers: providerInputs() }, memory);
    memory = result.memory;
    const snapshot = result.snapshot;
    for (const component of snapshot.components) worst.record(component.id, component.status, snapshot.at);
    if (!previous || changed(previous, snapshot)) emitChange();
    return snapshot;
  }

  function emitChange(): void {
    const waitMs = lastEmitAt + CHANGE_THROTTLE_MS - clock.now();
    if (waitMs <= 0) {
      lastEmitAt = clock.now();
      changes.emit(result!.snapshot);
      return;
    }
    if (emitTimer) return;
    emitTimer = setTimeout(() => {
      emitTimer = undefined;
      lastEmitAt = clock.now();
      changes.emit(result!.snapshot);
    }, waitMs);
    emitTimer.unref();
  }

  function scheduleEvaluate(): void {
    if (!started || evaluateTimer) return;
    evaluateTimer = setTimeout(() => {
      evaluateTimer = undefined;
      evaluate();
    }, EVENT_EVALUATE_DELAY_MS);
    evaluateTimer.unref();
  }

  function current(): VerdictResult {
    if (!result || clock.now() - result.snapshot.at >= config.evaluate_interval_ms) evaluate();
    return result!;
  }

  return {
    start() {
      if (started) return;
      started = true;
      signalSubscription ??= attachSignals();
      eventSubscription = gateway.events.onAttemptEnd(() => scheduleEvaluate());
      evaluate();
      tickTimer = setInterval(() => evaluate(), config.evaluate_interval_ms);
      tickTimer.unref();
      prober.start();
      poller.start();
      rollups?.start();
    },
    async stop() {
      signalSubscription?.dispose();
      eventSubscription?.dispose();
      signalSubscription = eventSubscription = undefined;
      if (!started) return;
      started = false;
      for (const timer of [tickTimer, evaluateTimer, emitTimer]) if (timer) clearTimeout(timer);
      tickTimer = evaluateTimer = emitTimer = undefined;
      prober.stop();
      poller.stop();
      await rollups?.stop();
    },
    snapshot: () => current().snapshot,
    onChange: changes.event,
    keys: () => current().keys,
    dynamicTargets() {
      const { snapshot, unpublished } = current();
      const verdicts = new Map([...snapshot.components, ...unpublished].map((verdict) => [verdict.id, verdict]));
      return dynamic.list().map((target) => {
        const verdict = verdicts.get(targetComponentId(target.provider, target.model));
        return {
          ...target,
          published: config.dynamic_targets.publish,
          ...(verdict ? { status: verdict.status, scope: verdict.scope, reason: verdict.reason } : {}),
        };
      });
    },
    liveRollups(id, fromMs, toMs) {
      if (rollups) return rollups.unwritten(id, fromMs, toMs);
      // Without a store every minute still held is news; [fromMs, toMs): the ring's ranges include their end.
      return signals.minutesBetween(id, fromMs, toMs - 1).map(({ startMs, bucket }) => toRollup(id, startMs, bucket, worst.worst(id, startMs)));
    },
    async probeAll() {
      const outcomes = await prober.probeAll();
      evaluate();
      return outcomes;
    },
    async checkKeys() {
      const checks = await prober.checkKeys();
      evaluate();
      return checks;
    },
    evaluate,
  };
}

/**
 * Concrete targets of the routes. Client-named models (`provider/*`) are judged together under
 * `target:<provider>/*` until the provider serves one (see routing/dynamic-targets.ts).
 */
function listConfiguredTargets(options: HealthMonitorOptions, providerNames: readonly string[]): ProbeTarget[] {
  const found = new Map<string, ProbeTarget>();
  const add = (target: ProbeTarget) => {
    if (target.model !== '*' && providerNames.includes(target.provider)) found.set(targetComponentId(target.provider, target.model), target);
  };
  if (options.routes) {
    for (const route of options.routes) [...route.targets, ...route.longContext].forEach(add);
  } else {
    // Without the routes, exact-name patterns still resolve to their concrete targets.
    for (const pattern of options.gateway.routes.patterns()) {
      if (isGlob(pattern)) continue;
      const match = options.gateway.routes.match(pattern);
      if (match) [...match.targets, ...match.longContext].forEach(add);
    }
  }
  return [...found.values()];
}

function changed(previous: HealthSnapshot, next: HealthSnapshot): boolean {
  if (previous.components.length !== next.components.length) return true;
  return next.components.some((component, index) => {
    const before = previous.components[index]!;
    return before.id !== component.id || before.status !== component.status || before.scope !== component.scope;
  });
}
