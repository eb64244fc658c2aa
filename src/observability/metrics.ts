import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { HealthSnapshot } from '../health/health-types.js';
import { STATUS_SEVERITY } from '../health/health-types.js';
import type { ExtraRoute } from '../http/request-context.js';
import type { BreakerRegistry } from '../resilience/circuit-breaker/breaker-registry.js';
import type { GatewayEvents } from './gateway-events.js';

const LATENCY_BUCKETS_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120];
const BREAKER_STATE_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

export interface MetricsOptions {
  events: GatewayEvents;
  breakers: BreakerRegistry;
  /** Verdicts are exported when a health source is given. */
  health?: { snapshot(): HealthSnapshot };
  /** Node process metrics (memory, CPU, event loop lag); default on. */
  processMetrics?: boolean;
}

/**
 * Prometheus metrics fed by the gateway's event bus: requests, attempts and failovers by target
 * and class, latency and time-to-first-token histograms, circuit states and verdicts. Labels are
 * bounded (configured targets, route patterns, classes): a client's arbitrary model name never
 * becomes a label. Keys appear nowhere.
 */
export function createMetrics(options: MetricsOptions): { registry: Registry; route: ExtraRoute; close(): void } {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'lifeline_' });

  const requests = new Counter({ name: 'lifeline_requests_total', help: 'Client requests by endpoint and status code.', labelNames: ['path', 'status'], registers: [registry] });
  const requestDuration = new Histogram({ name: 'lifeline_request_duration_seconds', help: 'Client request duration until the response ended.', labelNames: ['path', 'stream'], buckets: LATENCY_BUCKETS_SECONDS, registers: [registry] });
  const attempts = new Counter({ name: 'lifeline_attempts_total', help: 'Upstream attempts by target, outcome and failure class.', labelNames: ['provider', 'model', 'outcome', 'failure_class', 'source'], registers: [registry] });
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

  const modelLabel = boundedLabels(MAX_MODELS_PER_PROVIDER);
  // Every request updates several series; prom-client hashes a label object (sorting its keys) on
  // each call, so each series' child is looked up once and kept under a plain string key.
  const attemptSeries = childCache((labels: { provider: string; model: string; outcome: string; failure_class: string; source: string }) => attempts.labels(labels));
  const attemptDurationSeries = childCache((labels: { provider: string; model: string }) => attemptDuration.labels(labels));
  const firstTokenSeries = childCache((labels: { provider: string; model: string }) => timeToFirstToken.labels(labels));
  const requestSeries = childCache((labels: { path: string; status: string }) => requests.labels(labels));
  const requestDurationSeries = childCache((labels: { path: string; stream: string }) => requestDuration.labels(labels));
  const subscriptions = [
    options.events.onAttemptEnd((event) => {
      const model = modelLabel(event.provider, event.model);
      attemptSeries({ provider: event.provider, model, outcome: event.outcome, failure_class: event.failureClass ?? '', source: event.source }).inc();
      if (event.outcome !== 'success') return;
      (event.stream ? firstTokenSeries : attemptDurationSeries)({ provider: event.provider, model }).observe(event.durationMs / 1000);
    }),
    options.events.onRequestEnd((event) => {
      const path = knownPath(event.path);
      requestSeries({ path, status: String(event.status) }).inc();
      requestDurationSeries({ path, stream: String(event.stream ?? false) }).observe(event.durationMs / 1000);
      if (event.target && event.attempts !== undefined && event.attempts > 1) failovers.inc({ target: event.target });
      for (const target of event.continuedOn ?? []) continuations.inc({ target });
    }),
    options.events.onStreamEnd((event) => {
      if (event.outputTokens !== undefined) outputTokens.inc({ provider: event.provider, model: modelLabel(event.provider, event.model) }, event.outputTokens);
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
 * Memoises a metric's labelled child by its label values. Label values are bounded (see
 * {@link boundedLabels}), so the cache is too.
 */
function childCache<Labels extends Record<string, string>, Child>(create: (labels: Labels) => Child): (labels: Labels) => Child {
  const children = new Map<string, Child>();
  return (labels) => {
    let key = '';
    for (const name in labels) key += `${labels[name]}\u0000`;
    let child = children.get(key);
    if (child === undefined) children.set(key, (child = create(labels)));
    return child;
  };
}

/**
 * Model names a `provider/*` route sends upstream come from clients. Past this many per provider,
 * further names are counted under `other`, so a client cannot grow the metric series without end.
 */
const MAX_MODELS_PER_PROVIDER = 100;

export function boundedLabels(limit: number): (provider: string, model: string) => string {
  const seen = new Map<string, Set<string>>();
  return (provider, model) => {
    let models = seen.get(provider);
    if (!models) seen.set(provider, (models = new Set()));
    if (models.has(model)) return model;
    if (models.size >= limit) return 'other';
    models.add(model);
    return model;
  };
}

/** Paths as metric labels: the API's own endpoints, everything else folded into one value. */
function knownPath(path: string): string {
  if (path.startsWith('/v1/models/')) return '/v1/models/{id}';
  if (['/v1/messages', '/v1/messages/count_tokens', '/v1/chat/completions', '/v1/models', '/healthz', '/readyz', '/metrics', '/status'].includes(path)) return path;
  if (path.startsWith('/api/')) return '/api/*';
  return 'other';
}
