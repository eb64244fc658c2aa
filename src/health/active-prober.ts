import type { CanonicalRequest } from '../canonical/index.js';
import { LifelineError, UpstreamHttpError, UpstreamTimeoutError, type FailureClass, type FailureOrigin } from '../errors/index.js';
import type { GatewayEvents } from '../observability/gateway-events.js';
import type { ProviderEntry } from '../pipeline/gateway.js';
import type { Credential } from '../providers/provider-adapter.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { KeyState } from '../resilience/key-pool.js';
import type { LifelineStore } from '../store/store.js';
import { targetComponentId } from './component-id.js';
import { failureGroup } from './failure-groups.js';
import type { HealthConfig } from './health-config.js';
import type { ComponentId } from './health-types.js';
import type { SignalReader } from './passive-signals.js';

/** A concrete target: provider and model name. */
export interface ProbeTarget {
  provider: string;
  model: string;
}

/** What the prober needs from the gateway (a structural subset of `Gateway`). */
export interface ProbeGateway {
  providers: ReadonlyMap<string, ProviderEntry>;
  resilience: { keyPool(provider: string): { readonly size: number; pick(): Credential[]; states(): KeyState[] } };
  events: GatewayEvents;
}

/** One probe's result. */
export interface ProbeOutcome {
  provider: string;
  model: string;
  /** Key label used, if any. */
  key?: string;
  at: number;
  /** The provider answered (a client-side rejection of the tiny request also shows it is reachable). */
  ok: boolean;
  failureClass?: FailureClass;
  status?: number;
  /** What the provider said when it failed (already free of secrets), for `lifeline check`. */
  message?: string;
  latencyMs: number;
}

/** `lifeline check`'s answer for one key. */
export type KeyCheckOutcome = 'valid' | 'invalid' | 'rate_limited' | 'quota' | 'provider_unavailable' | 'model_unavailable' | 'no_target';

/** One key of one provider, checked (labels only). */
export interface KeyCheck {
  provider: string;
  label: string;
  outcome: KeyCheckOutcome;
  /** False when no request was sent: the key is cooling down (its reason is the outcome) or there is no target. */
  sent: boolean;
  model?: string;
  failureClass?: FailureClass;
  latencyMs?: number;
  /** While cooling: when the key becomes usable again. */
  untilMs?: number;
  /** The provider's own words on a failed check (expired credentials, model not enabled, wrong project). */
  detail?: string;
}

/** Options of an {@link ActiveProber}. */
export interface ActiveProberOptions {
  gateway: ProbeGateway;
  /** The targets to keep an eye on (read at every round, so new targets are picked up). */
  targets: () => readonly ProbeTarget[];
  /** Where live traffic is seen, to skip targets traffic already exercises. */
  signals: Pick<SignalReader, 'trailing'>;
  config: HealthConfig['probe'];
  /** Failed probes in a row after which the faster confirmation cadence stops (the verdict has its evidence). */
  confirmAfterFailures: number;
  store?: Pick<LifelineStore, 'probes'>;
  /** The component a stored probe result is filed under. Default: the target's own (the monitor files unpublished client-named models under `provider/*`). */
  storedComponentOf?: (target: ProbeTarget) => ComponentId;
  clock?: Clock;
  /** How often due probes are looked for. Default 1 s. */
  tickMs?: number;
  /** Receives a probe's LifelineError (Lifeline's own failure: nothing is recorded against the target). */
  onError?: (error: unknown) => void;
}

interface ProbeState {
  lastProbeAt?: number;
  consecutiveFailures: number;
  inFlight: boolean;
}

/** The tiny canonical request a probe sends. */
export function probeRequest(model: string): CanonicalRequest {
  return { model, messages: [{ role: 'user', content: [{ type: 'text', text: 'ping' }] }], maxOutputTokens: 1, stream: false };
}

/**
 * Active health checks ("probes"): a one-token request to each target that live traffic has not
 * exercised within `idle_ms`, every `interval_ms` (every `unhealthy_interval_ms` while a failure
 * waits for confirmation). Probes go straight to the adapter with the first usable key — never a
 * cooling one — and are reported as attempt events with `source: 'probe'`, so passive signals
 * count them, and stored through `probes.add`.
 */
export class ActiveProber {
  readonly #options: ActiveProberOptions;
  readonly #clock: Clock;
  readonly #states = new Map<ComponentId, ProbeState>();
  readonly #stopController = new AbortController();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: ActiveProberOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** Starts probing idle targets (timers unref'd). */
  start(): void {
    if (this.#timer || !this.#options.config.enabled) return;
    this.#timer = setInterval(() => void this.tick(), this.#options.tickMs ?? 1_000);
    this.#timer.unref();
    void this.tick();
  }

  /** Stops the timer and aborts probes in flight; their results are discarded. */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#stopController.abort();
  }

  /** One scheduling round: probes every due idle target and waits for them. */
  async tick(): Promise<ProbeOutcome[]> {
    const now = this.#clock.now();
    const targets = this.#options.targets();
    this.#forgetOthers(targets);
    const due = targets.filter((target) => this.#isDue(target, now));
    const outcomes = await Promise.all(due.map((target) => this.probe(target)));
    return outcomes.filter((outcome): outcome is ProbeOutcome => outcome !== undefined);
  }

  /** Probes every target now, busy or idle (for `lifeline check` and the admin API). */
  async probeAll(): Promise<ProbeOutcome[]> {
    const outcomes = await Promise.all(this.#options.targets().map((target) => this.probe(target)));
    return outcomes.filter((outcome): outcome is ProbeOutcome => outcome !== undefined);
  }

  /**
   * Checks each key of each provider once against the provider's first target: valid,
   * invalid (auth), rate_limited, quota, provider_unavailable or model_unavailable. A cooling key
   * is not sent; its cooldown reason is the answer.
   */
  async checkKeys(): Promise<KeyCheck[]> {
    const checks: Array<Promise<KeyCheck>> = [];
    for (const [provider] of this.#options.gateway.providers) {
      const pool = this.#options.gateway.resilience.keyPool(provider);
      const target = this.#options.targets().find((candidate) => candidate.provider === provider);
      const usable = new Map(pool.pick().map((credential) => [credential.label, credential]));
      for (const state of pool.states()) {
        const credential = usable.get(state.label);
        if (!credential || state.status === 'cooling') {
          checks.push(
            Promise.resolve({
              provider,
              label: state.label,
              outcome: keyOutcome(state.reason ?? 'rate_limited'),
              sent: false,
              ...(state.reason ? { failureClass: state.reason } : {}),
              ...(state.untilMs !== undefined ? { untilMs: state.untilMs } : {}),
            }),
          );
          continue;
        }
        if (!target) {
          checks.push(Promise.resolve({ provider, label: state.label, outcome: 'no_target', sent: false }));
          continue;
        }
        checks.push(
          this.probe(target, credential).then((outcome) => ({
            provider,
            label: state.label,
            model: target.model,
            sent: outcome !== undefined,
            outcome: outcome ? (outcome.failureClass && outcome.failureClass !== 'invalid_request' ? keyOutcome(outcome.failureClass) : 'valid') : 'no_target',
            ...(outcome?.failureClass ? { failureClass: outcome.failureClass } : {}),
            ...(outcome?.message ? { detail: outcome.message } : {}),
            ...(outcome ? { latencyMs: outcome.latencyMs } : {}),
          })),
        );
      }
    }
    return Promise.all(checks);
  }

  /**
   * Sends one probe to `target`, with `credential` or the first usable key. Returns undefined
   * when nothing was sent: unknown provider, no usable key, or stopped.
   */
  async probe(target: ProbeTarget, credential?: Credential): Promise<ProbeOutcome | undefined> {
    const entry = this.#options.gateway.providers.get(target.provider);
    if (!entry || this.#stopController.signal.aborted) return undefined;
    const pool = this.#options.gateway.resilience.keyPool(target.provider);
    let key = credential;
    if (!key && pool.size > 0) {
      key = pool.pick()[0];
      if (!key) return undefined; // every key is cooling: the key states already say why
    }
    if (!key && !entry.keyOptional) return undefined;

    const id = targetComponentId(target.provider, target.model);
    const state = this.#state(id);
    state.inFlight = true;
    state.lastProbeAt = this.#clock.now();
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new UpstreamTimeoutError('total', this.#options.config.timeout_ms, target)), this.#options.config.timeout_ms);
    timer.unref();
    const signal = AbortSignal.any([timeout.signal, this.#stopController.signal]);
    const startedAt = performance.now();
    let failure: { failureClass: FailureClass; origin: FailureOrigin; status?: number; message: string } | undefined;
    try {
      await entry.adapter.doGenerate(probeRequest(target.model), { model: target.model, ...(key ? { credential: key } : {}), signal });
    } catch (error) {
      failure = classify(error, timeout.signal.aborted);
      if (failure.failureClass === 'internal') this.#options.onError?.(error);
    } finally {
      clearTimeout(timer);
      state.inFlight = false;
    }
    // Lifeline's own failure learnt nothing about the target: no event, no stored probe.
    if (this.#stopController.signal.aborted || failure?.failureClass === 'internal') return undefined;

    const latencyMs = performance.now() - startedAt;
    const at = this.#clock.now();
    const ok = !failure || failureGroup(failure.failureClass) === 'answered';
    state.consecutiveFailures = ok ? 0 : state.consecutiveFailures + 1;
    this.#options.gateway.events.attemptEnded({
      at,
      provider: target.provider,
      model: target.model,
      ...(key ? { key: key.label } : {}),
      outcome: failure ? 'failure' : 'success',
      ...(failure ? { failureClass: failure.failureClass, origin: failure.origin } : {}),
      ...(failure?.status !== undefined ? { status: failure.status } : {}),
      durationMs: latencyMs,
      stream: false,
      source: 'probe',
    });
    const outcome: ProbeOutcome = {
      provider: target.provider,
      model: target.model,
      ...(key ? { key: key.label } : {}),
      at,
      ok,
      ...(failure ? { failureClass: failure.failureClass } : {}),
      ...(failure?.status !== undefined ? { status: failure.status } : {}),
      ...(failure ? { message: failure.message } : {}),
      latencyMs,
    };
    // Storage trouble must not stop health checking; the store reports its own errors.
    this.#options.store?.probes
      .add({ componentId: this.#options.storedComponentOf?.(target) ?? id, at, ok, latencyMs: Math.round(latencyMs), ...(failure ? { failureClass: failure.failureClass } : {}), ...(key ? { key: key.label } : {}) })
      .catch(() => undefined);
    return outcome;
  }

  #isDue(target: ProbeTarget, now: number): boolean {
    const id = targetComponentId(target.provider, target.model);
    const state = this.#state(id);
    if (state.inFlight) return false;
    const lastTrafficAt = this.#options.signals.trailing(id)?.lastTrafficAt;
    if (lastTrafficAt !== undefined && now - lastTrafficAt < this.#options.config.idle_ms) return false;
    if (state.lastProbeAt === undefined) return true;
    const confirming = state.consecutiveFailures > 0 && state.consecutiveFailures < this.#options.confirmAfterFailures;
    const intervalMs = confirming ? this.#options.config.unhealthy_interval_ms : this.#options.config.interval_ms;
    return now - state.lastProbeAt >= intervalMs;
  }

  /** Drops the state of targets no longer listed (client-named models the gateway dropped). */
  #forgetOthers(targets: readonly ProbeTarget[]): void {
    if (this.#states.size <= targets.length) return;
    const listed = new Set(targets.map((target) => targetComponentId(target.provider, target.model)));
    for (const [id, state] of this.#states) if (!listed.has(id) && !state.inFlight) this.#states.delete(id);
  }

  #state(id: ComponentId): ProbeState {
    let state = this.#states.get(id);
    if (!state) this.#states.set(id, (state = { consecutiveFailures: 0, inFlight: false }));
    return state;
  }
}

function classify(thrown: unknown, timedOut: boolean): { failureClass: FailureClass; origin: FailureOrigin; status?: number; message: string } {
  if (timedOut) return { failureClass: 'timeout', origin: 'local', message: 'the probe timed out' };
  const error = LifelineError.from(thrown);
  return {
    failureClass: error.failureClass ?? 'server',
    message: error.message,
    origin: error.origin === 'client' ? 'local' : error.origin,
    ...(error instanceof UpstreamHttpError ? { status: error.status } : {}),
  };
}

/** What a failed key probe says about the key. */
export function keyOutcome(failureClass: FailureClass): KeyCheckOutcome {
  switch (failureClass) {
    case 'auth':
      return 'invalid';
    case 'rate_limited':
      return 'rate_limited';
    case 'quota':
      return 'quota';
    case 'not_found':
      return 'model_unavailable';
    case 'invalid_request':
    case 'context_too_long':
      return 'valid';
    default:
      return 'provider_unavailable';
  }
}
