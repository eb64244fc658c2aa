import type { AttemptEvent, GatewayEvents, StreamEndEvent } from '../observability/gateway-events.js';
import type { Subscription } from '../core/typed-event.js';
import { BucketRing } from './bucket-ring.js';
import { isOtherModelsComponent, keyComponentId, providerComponentId, targetComponentId } from './component-id.js';
import type { FailureGroup } from '../errors/index.js';
import { failureGroup } from './failure-groups.js';
import type { ComponentId } from './health-types.js';
import { countClass, createSignalBucket, latencyOf, mergeSignalBucket, type LatencyKind, type SignalBucket } from './signal-bucket.js';

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;

/** Percentiles of one latency series. */
export interface LatencySummary {
  p50Ms: number;
  p95Ms: number;
  samples: number;
}

/** A component's signals over a span of time. */
export interface SignalSummary extends Omit<SignalBucket, 'latency'> {
  fromMs: number;
  toMs: number;
  latency: Partial<Record<LatencyKind, LatencySummary>>;
  /** Client traffic, generate and stream together (time to the answer's start). */
  trafficLatency?: LatencySummary;
  tokensPerSecond?: number;
}

/** Where a component stands now, whatever the window: for recovery, staleness and idleness. */
export interface TrailingState {
  /** Last attempt of any kind, skipped ones included: "is anyone still using it?". */
  lastEventAt?: number;
  /** Last answered attempt. */
  lastOkAt?: number;
  /** Last failure that counts against this component. */
  lastFailureAt?: number;
  /** Answered attempts since that failure. */
  consecutiveSuccesses: number;
  /** Last client attempt actually sent (not skipped): live traffic exercised the target. */
  lastTrafficAt?: number;
  lastProbeAt?: number;
}

/** What the verdict engine reads; {@link PassiveSignals} implements it. */
export interface SignalReader {
  /** Everything recorded in buckets starting within [fromMs, toMs]. */
  summarize(id: ComponentId, fromMs: number, toMs: number): SignalSummary;
  /** Latency of `kinds` in whole minutes within [fromMs, beforeMs): the component's usual speed. */
  baseline(id: ComponentId, kinds: readonly LatencyKind[], fromMs: number, beforeMs: number): LatencySummary | undefined;
  trailing(id: ComponentId): TrailingState | undefined;
}

interface ComponentSignals {
  /** 1 s buckets over the verdict window. */
  recent: BucketRing<SignalBucket>;
  /** 1 min buckets over the baseline window (also read by the rollup writer). */
  minutes: BucketRing<SignalBucket>;
  trailing: TrailingState;
  /** Failure groups that count against this component. */
  counted: readonly FailureGroup[];
}

/** Which failures count against which kind of component: a rejected key says nothing about the model. */
const COUNTED_GROUPS = {
  provider: ['provider', 'key', 'target'],
  target: ['provider', 'target'],
  key: ['key'],
} as const satisfies Record<string, readonly FailureGroup[]>;

/** Options of {@link PassiveSignals}. */
export interface PassiveSignalsOptions {
  windowMs: number;
  baselineWindowMs: number;
  /**
   * The target component an attempt at `provider/model` counts toward. Default: its own. The health
   * monitor files client-named models without state of their own under `target:<provider>/*`.
   */
  targetOf?: (provider: string, model: string) => ComponentId;
}

/**
 * Passive health signals (Envoy's outlier detection, from live traffic and probe events): per
 * provider, target and key label, time-bucketed counts by failure class and origin, latency
 * histograms, time to first token and tokens/s, over a short verdict window and a long baseline.
 */
export class PassiveSignals implements SignalReader {
  readonly #windowMs: number;
  readonly #baselineWindowMs: number;
  readonly #targetOf: (provider: string, model: string) => ComponentId;
  readonly #components = new Map<ComponentId, ComponentSignals>();
  readonly #keyLabels = new Map<string, Set<string>>();

  constructor(options: PassiveSignalsOptions) {
    this.#windowMs = options.windowMs;
    this.#baselineWindowMs = options.baselineWindowMs;
    this.#targetOf = options.targetOf ?? targetComponentId;
  }

  /** Subscribes to the gateway's attempt and stream events. */
  attach(events: GatewayEvents): Subscription {
    const subscriptions = [
      events.onAttemptEnd((event) => this.recordAttempt(event)),
      events.onStreamEnd((event) => this.recordStreamEnd(event)),
      events.onStreamContinued((event) => this.recordStreamNote(event, 'streamsContinued')),
      events.onMalformedEvent((event) => this.recordStreamNote(event, 'malformedEvents')),
    ];
    return { dispose: () => subscriptions.forEach((subscription) => subscription.dispose()) };
  }

  /** Records one attempt (traffic or probe) on its provider, target and key. */
  recordAttempt(event: AttemptEvent): void {
    const failureClass = event.outcome === 'success' ? undefined : (event.failureClass ?? 'server');
    // Neither the client leaving nor Lifeline's own failure says anything about the provider.
    if (failureClass === 'client_cancelled' || failureClass === 'internal') return;
    const targetId = this.#targetOf(event.provider, event.model);
    // A client's typo through `provider/*` ("claude-sonet-4") must not appear on the status page as
    // a failing model, nor degrade its provider. A model that answered before (it has a component
    // of its own) and is now not found (retired) is still recorded: that one is news.
    if (failureClass === 'not_found' && isOtherModelsComponent(targetId)) return;
    // Every attempt of every request comes through here: no arrays or tuples on the way.
    this.#record(providerComponentId(event.provider), 'provider', event);
    this.#record(targetId, 'target', event);
    if (event.key !== undefined) {
      this.#record(keyComponentId(event.provider, event.key), 'key', event);
      let labels = this.#keyLabels.get(event.provider);
      if (!labels) this.#keyLabels.set(event.provider, (labels = new Set()));
      labels.add(event.key);
    }
  }

  #record(id: ComponentId, kind: keyof typeof COUNTED_GROUPS, event: AttemptEvent): void {
    const component = this.#component(id, kind);
    const recent = component.recent.at(event.at);
    if (recent) addAttempt(recent, event);
    const minute = component.minutes.at(event.at);
    if (minute) addAttempt(minute, event);
    updateTrailing(component, event);
  }

  /** Records a finished stream's output tokens and generation time (tokens/s). */
  recordStreamEnd(event: StreamEndEvent): void {
    if (event.outcome !== 'complete' || !event.outputTokens || event.generationMs <= 0) return;
    for (const [id, kind] of [
      [providerComponentId(event.provider), 'provider'],
      [this.#targetOf(event.provider, event.model), 'target'],
    ] as const) {
      const component = this.#component(id, kind);
      for (const ring of [component.recent, component.minutes]) {
        const bucket = ring.at(event.at);
        if (!bucket) continue;
        bucket.outputTokens += event.outputTokens;
        bucket.generationMs += event.generationMs;
      }
    }
  }

  /** Counts a stream continued elsewhere, or a malformed event skipped, on the target and its provider. */
  recordStreamNote(event: { at: number; provider: string; model: string }, field: 'streamsContinued' | 'malformedEvents'): void {
    const targetId = targetComponentId(event.provider, event.model);
    // Only targets already known: notes alone never create a component.
    if (!this.#components.has(targetId)) return;
    for (const [id, kind] of [
      [providerComponentId(event.provider), 'provider'],
      [targetId, 'target'],
    ] as const) {
      const component = this.#component(id, kind);
      for (const ring of [component.recent, component.minutes]) {
        const bucket = ring.at(event.at);
        if (bucket) bucket[field] += 1;
      }
    }
  }

  summarize(id: ComponentId, fromMs: number, toMs: number): SignalSummary {
    const total = createSignalBucket();
    for (const bucket of this.#components.get(id)?.recent.between(fromMs, toMs) ?? []) mergeSignalBucket(total, bucket);
    const { latency, ...counts } = total;
    const summary: SignalSummary = { ...counts, fromMs, toMs, latency: {} };
    for (const [kind, histogram] of Object.entries(latency) as Array<[LatencyKind, NonNullable<SignalBucket['latency'][LatencyKind]>]>) {
      const summarized = summarizeHistogram(histogram);
      if (summarized) summary.latency[kind] = summarized;
    }
    const traffic = createSignalBucket();
    for (const kind of ['generate', 'stream'] as const) if (latency[kind]) latencyOf(traffic, 'generate').merge(latency[kind]);
    const trafficLatency = traffic.latency.generate && summarizeHistogram(traffic.latency.generate);
    if (trafficLatency) summary.trafficLatency = trafficLatency;
    if (total.outputTokens > 0 && total.generationMs > 0) summary.tokensPerSecond = (total.outputTokens / total.generationMs) * 1000;
    return summary;
  }

  baseline(id: ComponentId, kinds: readonly LatencyKind[], fromMs: number, beforeMs: number): LatencySummary | undefined {
    const merged = createSignalBucket();
    // Whole minutes only: a minute still being filled would mix the present into the baseline.
    for (const bucket of this.#components.get(id)?.minutes.between(fromMs, beforeMs - MINUTE_MS) ?? []) {
      for (const kind of kinds) {
        const histogram = bucket.latency[kind];
        if (histogram) latencyOf(merged, 'generate').merge(histogram);
      }
    }
    return merged.latency.generate && summarizeHistogram(merged.latency.generate);
  }

  trailing(id: ComponentId): TrailingState | undefined {
    return this.#components.get(id)?.trailing;
  }

  /** The minutes still held whose start lies in [fromMs, toMs], oldest first, with their start. */
  minutesBetween(id: ComponentId, fromMs: number, toMs: number): Array<{ startMs: number; bucket: SignalBucket }> {
    return this.#components.get(id)?.minutes.entriesBetween(fromMs, toMs) ?? [];
  }

  /** The minute starting at `minuteStartMs`, if still held (for the rollup writer). */
  minute(id: ComponentId, minuteStartMs: number): SignalBucket | undefined {
    return this.#components.get(id)?.minutes.starting(minuteStartMs);
  }

  /** Drops everything recorded for `id` (a client-named model no longer tracked). */
  forget(id: ComponentId): void {
    this.#components.delete(id);
  }

  /** Key labels seen in events of `provider`. */
  keyLabelsSeen(provider: string): string[] {
    return [...(this.#keyLabels.get(provider) ?? [])];
  }

  #component(id: ComponentId, kind: keyof typeof COUNTED_GROUPS): ComponentSignals {
    let component = this.#components.get(id);
    if (!component) {
      component = {
        recent: new BucketRing({ bucketMs: SECOND_MS, spanMs: this.#windowMs, create: createSignalBucket }),
        // Two spare minutes so the rollup writer can still read the minute that just ended.
        minutes: new BucketRing({ bucketMs: MINUTE_MS, spanMs: this.#baselineWindowMs + 2 * MINUTE_MS, create: createSignalBucket }),
        trailing: { consecutiveSuccesses: 0 },
        counted: COUNTED_GROUPS[kind],
      };
      this.#components.set(id, component);
    }
    return component;
  }
}

function addAttempt(bucket: SignalBucket, event: AttemptEvent): void {
  const probe = event.source === 'probe';
  if (event.outcome === 'skipped') {
    bucket.skipped += 1;
    countClass(bucket.skippedClasses, event.failureClass ?? 'overloaded');
    return;
  }
  bucket.requests += 1;
  if (probe) bucket.probes += 1;
  else bucket.trafficRequests += 1;
  if (event.outcome === 'success') {
    bucket.answered += 1;
    latencyOf(bucket, probe ? 'probe' : event.stream ? 'stream' : 'generate').add(event.durationMs);
    return;
  }
  const failureClass = event.failureClass ?? 'server';
  if (failureGroup(failureClass) === 'answered') {
    bucket.answered += 1;
    return;
  }
  bucket.failures += 1;
  countClass(bucket.classes, failureClass);
  if (event.origin === 'local' && (failureClass === 'network' || failureClass === 'timeout')) bucket.localNetworkFailures += 1;
  if (probe) bucket.probeFailures += 1;
  else bucket.trafficFailures += 1;
}

function updateTrailing(component: ComponentSignals, event: AttemptEvent): void {
  const trailing = component.trailing;
  trailing.lastEventAt = Math.max(trailing.lastEventAt ?? event.at, event.at);
  if (event.outcome === 'skipped') return;
  if (event.source === 'probe') trailing.lastProbeAt = Math.max(trailing.lastProbeAt ?? event.at, event.at);
  else trailing.lastTrafficAt = Math.max(trailing.lastTrafficAt ?? event.at, event.at);
  const group = event.outcome === 'success' ? 'answered' : failureGroup(event.failureClass ?? 'server');
  if (group === 'answered') {
    trailing.lastOkAt = Math.max(trailing.lastOkAt ?? event.at, event.at);
    trailing.consecutiveSuccesses += 1;
  } else if (component.counted.includes(group)) {
    trailing.lastFailureAt = Math.max(trailing.lastFailureAt ?? event.at, event.at);
    trailing.consecutiveSuccesses = 0;
  }
}

function summarizeHistogram(histogram: { count: number; percentile(percentile: number): number | undefined }): LatencySummary | undefined {
  if (histogram.count === 0) return undefined;
  return { p50Ms: histogram.percentile(50)!, p95Ms: histogram.percentile(95)!, samples: histogram.count };
}
