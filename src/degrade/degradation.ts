import type { ResolvedRoute } from '../config/resolved-config.js';
import type { RouteDegradation } from './degrade-config.js';
import { StaleAnswerCache } from './stale-answer-cache.js';

/** What Lifeline may answer instead of an error, by kind (the `kind` label of the metric). */
export type DegradedKind = 'stale_cache' | 'deferred' | 'configured_answer';

/** One route's fallbacks for "every target failed". */
export interface RouteFallbacks {
  defer: boolean;
  degrade: RouteDegradation;
}

/** The degradation settings of every route, the stale-answer cache, and a counter of what was served. */
export interface Degradation {
  /** The route's settings (none for an unknown pattern). */
  of(pattern: string): RouteFallbacks;
  cache: StaleAnswerCache;
  /** Counts a degraded answer (metric `lifeline_degraded_answers_total`). */
  served(kind: DegradedKind, route: string): void;
}

/** Builds the per-route lookup from the resolved routes. */
export function createDegradation(routes: readonly ResolvedRoute[], served: Degradation['served'] = () => undefined): Degradation {
  const byPattern = new Map(routes.map((route) => [route.pattern, { defer: route.defer ?? false, degrade: route.degrade ?? {} }]));
  const none: RouteFallbacks = { defer: false, degrade: {} };
  return { of: (pattern) => byPattern.get(pattern) ?? none, cache: new StaleAnswerCache(), served };
}
