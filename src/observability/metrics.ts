import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { HealthSnapshot } from '../health/health-types.js';
import { STATUS_SEVERITY } from '../health/health-types.js';
import type { ExtraRoute } from '../http/request-context.js';
import type { BreakerRegistry } from '../resilience/circuit-breaker/breaker-registry.js';
import { OTHER_MODELS, type DynamicTargets } from '../routing/dynamic-targets.js';
import { bufferedCounter } from './buffered-counter.js';
import type { GatewayEvents } from './gateway-events.js';

const LATENCY_BUCKETS_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120];
const BREAKER_STATE_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

export interface MetricsOptions {
  events: GatewayEvents;
  breakers: BreakerRegistry;
  /** Which model names are labels of their own: configured ones and client-named ones the provider served. */
  dynamicTargets: Pick<DynamicTargets, 'stateModel' | 'onDropped'>;
  /** Verdicts are exported when a health source is given. */
  health?: { snapshot(): HealthSnapshot };
  /** Node process metrics (memory, CPU, event loop lag); default on. */
  processMetrics?: boolean;
}

/**
 * Prometheus metrics fed by the gateway's event bus: requests, attempts and failovers by target
 * and class, latency and time-to-first-token histograms, circuit states and verdicts. Labels are
 * bounded (configured targets, route patterns, classes): a client-named model is a label only
 * while the gateway keeps it (served, capped per provider, dropped with its series after its
 * TTL); every other name is counted as `other`. Keys appear nowhere.
 */
export function createMetrics(options: MetricsOptions): { registry: Registry; route: ExtraRoute; close(): void } {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'lifeline_' });

  // The two counters every request moves count in plain numbers, added to prom-client when it is read
  // (buffered-counter.ts): prom-client hashes and validates the labels on every increment.
  const requestSeries = bufferedCounter<{ path: string; status: string }>({ name: 'lifeline_requests_total', help: 'Client requests by endpoint and status code.', labelNames: ['path', 'status'], registers: [registry] });
  const requestDuration = new Histogram({ name: 'lifeline_request_duration_seconds', help: 'Client request duration until the response ended.', labelNames: ['path', 'stream'], buckets: LATENCY_BUCKETS_SECONDS, registers: [registry] });
  const attemptSeries = bufferedCounter<{ provider: string; model: string; outcome: string; failure_class: string; source: string }>({
    name: 'lifeline_attempts_total',
    help: 'Upstream attempts by target, outcome and failure class.',
    labelNames: ['provider', 'model', 'outcome', 'failure_class', 'source'],
    registers: [registry],
  });
  const attemptDuration = new Histogram({ name: 'lifeline_attempt_duration_seconds', help: 'Time until a non-streaming answer completed.', labelNames: ['provider', 'model'], buckets: LATENCY_BUCKETS_SECONDS, registers: [registry] });
  const timeToFirstToken = new Histogram({ name: 'lifeline_time_to_first_token_seconds', help: 'Time until a stream produced its first content.', labelNames: ['provider', 'model'], buckets: LATENCY_BUCKETS_SECONDS, registers: [registry] });
  const failovers = new Counter({ name: 'lifeline_failovers_total', help: 'Requests answered by a later target after earlier attempts failed, by the target that answered.', labelNames: ['target'], registers: [registry] });
  const continuations = new Counter({ name: 'lifeline_stream_continuations_total', help: 'Broken streams continued on another target, by the target that continued.', labelNames: ['target'], registers: [registry] });
  const outputTokens = new Counter({ name: 'lifeline_stream_output_tokens_total', help: 'Output tokens of streamed answers.', labelNames: ['provider', 'model'], registers: [registry] });
  const malformedEvents = new Counter({
    name: 'lifeline_stream_malformed_events_total',
    help: 'Malformed events skipped inside provider streams that went on (past resilience.streams.max_malformed_events the stream fails instead).',
    labelNames: ['provider', 'model'],
    registers: [registry],
  });

  new Gauge({
    name: 'lifeline_circuit_state',
    help: 'Circuit breaker state per breaker key: 0 closed, 1 half-open, 2 open.',
    labelNames: ['breaker'],
    registers: [registry],
    collect() {
      this.reset();
      for (const snapshot of options.breakers.states()) this.set({ breaker: snapshot.key }, BREAKER_STATE_VALUE[snapshot.state.state]);
    },
  });
  if (options.health) {
    const health = options.health;
    new Gauge({
      name: 'lifeline_component_status',
      help: 'Published verdict per component: 0 operational, 1 degraded_performance, 2 partial_outage, 3 major_outage.',
      labelNames: ['component', 'kind', 'scope'],
      registers: [registry],
      collect() {
        this.reset();
        for (const verdict of health.snapshot().components) this.set({ component: verdict.name, kind: verdict.kind, scope: verdict.scope }, STATUS_SEVERITY[verdict.status]);
      },
    });
  }

  const modelLabel = (provider: string, model: string): string => {
    const kept = options.dynamicTargets.stateModel(provider, model);
    return kept === OTHER_MODELS ? 'other' : kept;
  };
  const targetLabel = (target: string): string => {
    const slash = target.indexOf('/');
    return slash === -1 ? target : `${target.slice(0, slash)}/${modelLabel(target.slice(0, slash), target.slice(slash + 1))}`;
  };
  // Every request updates several series; prom-client hashes a label object (sorting its keys) on
  // each call, so each series' child is looked up once and kept under a plain string key.
  const attemptDurationSeries = seriesCache((labels: { provider: string; model: string }) => attemptDuration.labels(labels), (labels) => attemptDuration.remove(labels));
  const firstTokenSeries = seriesCache((labels: { provider: string; model: string }) => timeToFirstToken.labels(labels), (labels) => timeToFirstToken.remove(labels));
  const outputTokenSeries = seriesCache((labels: { provider: string; model: string }) => outputTokens.labels(labels), (labels) => outputTokens.remove(labels));
  const failoverSeries = seriesCache((labels: { target: string }) => failovers.labels(labels), (labels) => failovers.remove(labels));
  const continuationSeries = seriesCache((labels: { target: string }) => continuations.labels(labels), (labels) => continuations.remove(labels));
  const requestDurationSeries = seriesCache((labels: { path: string; stream: string }) => requestDuration.labels(labels), () => undefined);
  const subscriptions = [
    options.events.onAttemptEnd((event) => {
      const model = modelLabel(event.provider, event.model);
      attemptSeries.get({ provider: event.provider, model, outcome: event.outcome, failure_class: event.failureClass ?? '', source: event.source }).inc();
      if (event.outcome !== 'success') return;
      (event.stream ? firstTokenSeries : attemptDurationSeries).get({ provider: event.provider, model }).observe(event.durationMs / 1000);
    }),
    options.events.onRequestEnd((event) => {
      const path = knownPath(event.path);
      requestSeries.get({ path, status: String(event.status) }).inc();
      requestDurationSeries.get({ path, stream: String(event.stream ?? false) }).observe(event.durationMs / 1000);
      if (event.target && event.attempts !== undefined && event.attempts > 1) failoverSeries.get({ target: targetLabel(event.target) }).inc();
      for (const target of event.continuedOn ?? []) continuationSeries.get({ target: targetLabel(target) }).inc();
    }),
    options.events.onStreamEnd((event) => {
      if (event.outputTokens !== undefined) outputTokenSeries.get({ provider: event.provider, model: modelLabel(event.provider, event.model) }).inc(event.outputTokens);
    }),
    // A model the gateway stopped tracking takes its series along: the label set stays bounded.
    options.dynamicTargets.onDropped(({ provider, model }) => {
      const ofModel = (labels: { provider: string; model: string }) => labels.provider === provider && labels.model === model;
      for (const series of [attemptSeries, attemptDurationSeries, firstTokenSeries, outputTokenSeries]) series.forget(ofModel);
      for (const series of [failoverSeries, continuationSeries]) series.forget((labels) => labels.target === `${provider}/${model}`);
    }),
    options.events.onMalformedEvent((event) => malformedEvents.inc({ provider: event.provider, model: modelLabel(event.provider, event.model) })),
  ];

  const route: ExtraRoute = {
    method: 'GET',
    matches: (pathname) => pathname === '/metrics',
    handler: async (context) => {
      const text = await registry.metrics();
      context.response.writeHead(200, { 'content-type': registry.contentType });
      context.response.end(text);
    },
  };
  return { registry, route, close: () => subscriptions.forEach((subscription) => subscription.dispose()) };
}

/**
 * Memoises a metric's labelled children by their label values, and removes the ones `forget`
 * matches from the metric too. Label values are bounded (see `modelLabel`), so the cache is too.
 */
function seriesCache<Labels extends Record<string, string>, Child>(
  create: (labels: Labels) => Child,
  remove: (labels: Labels) => void,
): { get(labels: Labels): Child; forget(matches: (labels: Labels) => boolean): void } {
  const children = new Map<string, { labels: Labels; child: Child }>();
  return {
    get(labels) {
      let key = '';
      for (const name in labels) key += `${labels[name]}\u0000`;
      let entry = children.get(key);
      if (entry === undefined) children.set(key, (entry = { labels, child: create(labels) }));
      return entry.child;
    },
    forget(matches) {
      for (const [key, entry] of children) {
        if (!matches(entry.labels)) continue;
        remove(entry.labels);
        children.delete(key);
      }
    },
  };
}

/** Paths as metric labels: the API's own endpoints, everything else folded into one value. */
function knownPath(path: string): string {
  if (path.startsWith('/v1/models/')) return '/v1/models/{id}';
  if (['/v1/messages', '/v1/messages/count_tokens', '/v1/chat/completions', '/v1/models', '/healthz', '/readyz', '/metrics', '/status'].includes(path)) return path;
  if (path.startsWith('/api/')) return '/api/*';
  return 'other';
}
