import type { FailureClass } from '../errors/index.js';

/**
 * Published component status: Statuspage's enum, so Lifeline's API reads like the real thing.
 * Internally targets are `healthy | degraded | ejected` (Envoy's words); `toComponentStatus` in
 * health/ maps between them in one place.
 */
export type ComponentStatus = 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage';

/** Worst-first order, for comparisons and "overall" roll-ups. */
export const STATUS_SEVERITY: Record<ComponentStatus, number> = {
  operational: 0,
  degraded_performance: 1,
  partial_outage: 2,
  major_outage: 3,
};

/** The more severe of two statuses. */
export function worseStatus(first: ComponentStatus, second: ComponentStatus): ComponentStatus {
  return STATUS_SEVERITY[second] > STATUS_SEVERITY[first] ? second : first;
}

/** The worst of several statuses (`operational` when there are none). */
export function worstStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst: ComponentStatus = 'operational';
  for (const status of statuses) worst = worseStatus(worst, status);
  return worst;
}

/**
 * What a verdict says is affected:
 * - `none`: all is well
 * - `global`: the provider itself (several keys and targets failing with provider-side classes)
 * - `key`: one API key (invalid, rate-limited, out of quota); the provider is fine
 * - `target`: one model / deployment / region of the provider
 * - `slow`: answering, but latency well above its own baseline
 * - `own_network`: every provider unreachable at once: the problem is on our side of the wire
 * - `official`: only the provider's status page reports a problem; our traffic looks fine
 */
export type VerdictScope = 'none' | 'global' | 'key' | 'target' | 'slow' | 'own_network' | 'official';

/** Component ids: `provider:<name>` and `target:<provider>/<model>`. */
export type ComponentId = string;

/** What was measured over the verdict's window, shown beside every automatic statement. */
export interface Measurements {
  windowMs: number;
  requests: number;
  failures: number;
  /** failures / requests, 0..1 (0 when no requests). */
  errorRate: number;
  /** Failures by class in the window. */
  classes: Partial<Record<FailureClass, number>>;
  latencyP50Ms?: number;
  latencyP95Ms?: number;
  /** Time to first token (streams), p50. */
  ttftP50Ms?: number;
  tokensPerSecond?: number;
  /** The component's own normal latency p50 (long window), for "slow". */
  baselineLatencyP50Ms?: number;
  /** Probes in the window, and how many failed. */
  probes?: number;
  probeFailures?: number;
  /** Streams that broke after output began and were continued on another target, when any. */
  streamsContinued?: number;
  /** Malformed stream events skipped (the stream went on), when any. */
  malformedEvents?: number;
}

/** The provider's own status page, as last polled. Shown beside our verdict; never overrides it. */
export interface OfficialStatus {
  status: ComponentStatus | 'unknown';
  /** Statuspage `status.description`, e.g. "Partial System Outage". */
  description?: string;
  /** Unresolved incident names on the official page. */
  incidents?: string[];
  /** When we last polled successfully (epoch ms). */
  checkedAt?: number;
  /** Why polling failed, if it did. */
  error?: string;
}

/**
 * Where people read a provider's official status when Lifeline polls no feed for it: the clouds
 * publish no Statuspage `summary.json` (Azure status, AWS Health, Google Cloud status), so the page
 * links theirs instead of showing a status it does not know.
 */
export interface OfficialPageLink {
  /** `Azure status`. */
  name: string;
  url: string;
}

/** Lifeline's verdict on one component. */
export interface ComponentVerdict {
  id: ComponentId;
  kind: 'provider' | 'target';
  /** Display name: the provider name, or `provider/model`. */
  name: string;
  /** For targets: the provider id (`provider:<name>`). */
  parentId?: ComponentId;
  status: ComponentStatus;
  scope: VerdictScope;
  /** Plain words: "rate-limited on key-2 …f00d", "every request failed with overloaded (529) for 40 s". */
  reason: string;
  /** Epoch ms since which the component has had this status. */
  since: number;
  /** Epoch ms of the last successful request or probe ("when was it last fine"). */
  lastOkAt?: number;
  measured: Measurements;
  /** Providers only. */
  official?: OfficialStatus;
  /** Providers only: the official status page to read by hand (a cloud's, not polled). */
  officialPage?: OfficialPageLink;
}

/** One key's health, for admins only: label, never the key. */
export interface KeyHealth {
  provider: string;
  label: string;
  state: 'available' | 'cooling';
  reason?: FailureClass;
  untilMs?: number;
  /** Added by health/: true while Lifeline judges the key failing (key-class failures or an auth/quota cooldown), with hysteresis. */
  failing?: boolean;
  /** Added by health/: the key-class failure behind `failing` (auth, rate_limited, quota). */
  failingClass?: FailureClass;
  /** Added by health/: last answered attempt with this key (epoch ms). */
  lastOkAt?: number;
}

/** Everything the status page and APIs show at one instant. */
export interface HealthSnapshot {
  at: number;
  /** Worst published status over all providers. */
  overall: ComponentStatus;
  /** Providers, then their targets (targets carry `parentId`). */
  components: ComponentVerdict[];
}
