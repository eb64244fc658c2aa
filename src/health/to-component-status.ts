import type { BreakerStateName } from '../resilience/circuit-breaker/breaker-state.js';
import type { HealthConfig } from './health-config.js';
import { STATUS_SEVERITY, type ComponentStatus } from './health-types.js';

/** Internal component states, in Envoy's words. */
export type HealthState = 'healthy' | 'degraded' | 'ejected';

/** An ejection takes out part of the traffic, or all of it. */
export type EjectionExtent = 'partial' | 'total';

/** A component's internal health: a state, and for `ejected` how far it reaches. */
export interface InternalHealth {
  state: HealthState;
  extent?: EjectionExtent;
}

/** Nothing wrong. */
export const HEALTHY: InternalHealth = Object.freeze({ state: 'healthy' });

/**
 * The one mapping from internal health to what Lifeline publishes (Statuspage's enum):
 * healthy → operational, degraded → degraded_performance, ejected partly → partial_outage,
 * ejected entirely → major_outage.
 */
export function toComponentStatus(health: InternalHealth): ComponentStatus {
  switch (health.state) {
    case 'healthy':
      return 'operational';
    case 'degraded':
      return 'degraded_performance';
    case 'ejected':
      return health.extent === 'total' ? 'major_outage' : 'partial_outage';
  }
}

/** Orders health like the published status it maps to (higher is worse). */
export function healthRank(health: InternalHealth): number {
  return STATUS_SEVERITY[toComponentStatus(health)];
}

/** The worse of two. */
export function worseHealth(first: InternalHealth, second: InternalHealth): InternalHealth {
  return healthRank(second) > healthRank(first) ? second : first;
}

/** Health for an error rate (0..1) by the configured thresholds. */
export function healthFromErrorRate(errorRate: number, thresholds: HealthConfig['thresholds']): InternalHealth {
  if (errorRate >= thresholds.major_error_rate) return { state: 'ejected', extent: 'total' };
  if (errorRate >= thresholds.partial_error_rate) return { state: 'ejected', extent: 'partial' };
  if (errorRate >= thresholds.degraded_error_rate) return { state: 'degraded' };
  return HEALTHY;
}

/** A target whose circuit breaker is open is ejected (partial_outage) at least, whatever the window says. */
export function withBreaker(health: InternalHealth, breaker: BreakerStateName | undefined): InternalHealth {
  return breaker === 'open' ? worseHealth(health, { state: 'ejected', extent: 'partial' }) : health;
}
