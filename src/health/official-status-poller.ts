import { Agent } from '../providers/shared/undici-agent.js';
import { systemClock, type Clock } from '../core/clock.js';
import { STATUS_SEVERITY, type ComponentStatus, type OfficialStatus } from './health-types.js';
import { statuspageSummarySchema, type StatuspageSummary } from './statuspage-summary-schema.js';

/** The part of `fetch` the poller uses; injectable for tests. */
export type FetchLike = (
  url: string,
  init: { signal: AbortSignal; headers: Record<string, string> },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/** Options of an {@link OfficialStatusPoller}. */
export interface OfficialStatusPollerOptions {
  /** Provider name → summary.json URL. */
  sources: ReadonlyMap<string, string>;
  intervalMs: number;
  timeoutMs: number;
  fetch?: FetchLike;
  clock?: Clock;
  /** Called after each poll of a provider, successful or not. */
  onUpdate?: (provider: string, status: OfficialStatus) => void;
}

const INDICATOR_STATUS: Readonly<Record<string, ComponentStatus>> = {
  none: 'operational',
  minor: 'degraded_performance',
  major: 'partial_outage',
  critical: 'major_outage',
  // Scheduled work: worth showing beside our verdict, but not an outage.
  maintenance: 'degraded_performance',
};

const UNRESOLVED = new Set(['investigating', 'identified', 'monitoring']);

/** Maps a parsed summary to what Lifeline shows beside its own verdict. */
export function toOfficialStatus(summary: StatuspageSummary, checkedAt: number): OfficialStatus {
  const indicator = summary.status?.indicator ?? undefined;
  const status = (indicator !== undefined ? INDICATOR_STATUS[indicator] : undefined) ?? worstComponent(summary) ?? 'unknown';
  const incidents = (summary.incidents ?? [])
    .filter((incident) => incident.status == null || UNRESOLVED.has(incident.status))
    .map((incident) => incident.name)
    .filter((name): name is string => typeof name === 'string' && name.length > 0);
  return {
    status,
    ...(summary.status?.description ? { description: summary.status.description } : {}),
    ...(incidents.length > 0 ? { incidents } : {}),
    checkedAt,
  };
}

function worstComponent(summary: StatuspageSummary): ComponentStatus | undefined {
  let worst: ComponentStatus | undefined;
  for (const component of summary.components ?? []) {
    const status = component.status;
    if (status && status in STATUS_SEVERITY && (!worst || STATUS_SEVERITY[status as ComponentStatus] > STATUS_SEVERITY[worst])) {
      worst = status as ComponentStatus;
    }
  }
  return worst;
}

/**
 * Polls each provider's official Statuspage v2 `summary.json` on an interval, with a timeout.
 * A failed poll keeps the last good reading and records why it failed; a provider never polled
 * successfully reads `unknown`. The official status is shown, never used to decide a verdict.
 */
export class OfficialStatusPoller {
  readonly #options: OfficialStatusPollerOptions;
  readonly #fetch: FetchLike;
  readonly #clock: Clock;
  readonly #statuses = new Map<string, OfficialStatus>();
  readonly #stopController = new AbortController();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: OfficialStatusPollerOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? fetchJsonPage;
    this.#clock = options.clock ?? systemClock;
  }

  /** Polls now, then every `intervalMs` (the timer does not keep the process alive). */
  start(): void {
    if (this.#timer || this.#options.sources.size === 0) return;
    void this.pollAll();
    this.#timer = setInterval(() => void this.pollAll(), this.#options.intervalMs);
    this.#timer.unref();
  }

  /** Stops polling and aborts polls in flight. */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#stopController.abort();
  }

  /** The last reading of a provider's page, if it has one. */
  status(provider: string): OfficialStatus | undefined {
    return this.#statuses.get(provider);
  }

  /** A reading made elsewhere (another worker's poll), kept as if this poller had made it. */
  accept(provider: string, status: OfficialStatus): void {
    this.#statuses.set(provider, status);
  }

  /** Polls every page once. */
  async pollAll(): Promise<void> {
    await Promise.all([...this.#options.sources].map(([provider, url]) => this.poll(provider, url)));
  }

  /** Polls one page; never throws. */
  async poll(provider: string, url: string): Promise<OfficialStatus> {
    let result: OfficialStatus;
    try {
      const signal = AbortSignal.any([AbortSignal.timeout(this.#options.timeoutMs), this.#stopController.signal]);
      const response = await this.#fetch(url, { signal, headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const parsed = statuspageSummarySchema.safeParse(await response.json());
      if (!parsed.success) throw new Error('not a Statuspage summary.json');
      result = toOfficialStatus(parsed.data, this.#clock.now());
    } catch (error) {
      const previous = this.#statuses.get(provider);
      result = { ...(previous ?? { status: 'unknown' }), error: describeError(error) };
    }
    if (this.#stopController.signal.aborted) return result;
    this.#statuses.set(provider, result);
    this.#options.onUpdate?.(provider, result);
    return result;
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timed out';
    const cause = error.cause as { code?: unknown } | undefined;
    return typeof cause?.code === 'string' ? `${error.message} (${cause.code})` : error.message;
  }
  return String(error);
}

/** Redirects followed at most (status pages move: status.anthropic.com → status.claude.com). */
const MAX_REDIRECTS = 3;
let pageAgent: Agent | undefined;

/**
 * GET of a status page's JSON through undici's Agent (undici's `fetch` would load the whole of
 * undici for one request a minute). Follows redirects; reads no body it will not use.
 */
const fetchJsonPage: FetchLike = async (url, init) => {
  pageAgent ??= new Agent({ keepAliveTimeout: 10_000 });
  let location = new URL(url);
  for (let hop = 0; ; hop++) {
    const response = await pageAgent.request({ origin: location.origin, path: `${location.pathname}${location.search}`, method: 'GET', headers: init.headers, signal: init.signal });
    const next = response.headers.location;
    if (response.statusCode >= 300 && response.statusCode < 400 && typeof next === 'string' && hop < MAX_REDIRECTS) {
      await response.body.dump();
      location = new URL(next, location);
      continue;
    }
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    if (!ok) await response.body.dump();
    return { ok, status: response.statusCode, json: () => response.body.json() };
  }
};
