import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ClientAccess, VerifiedClientKey } from '../client-keys/client-access.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { TargetRef } from '../errors/index.js';
import type { Gateway } from '../pipeline/gateway.js';
import type { RouteTable } from '../routing/route-table.js';
import type { SharedStateStatus } from '../shared-state/shared-state.js';
import type { StoreHealth } from '../store/retried-writes.js';
import type { Degradation, DegradedKind } from '../degrade/degradation.js';
import type { DeferredJobRepository } from '../store/store.js';
import type { StoredResponses } from '../response-store/stored-responses.js';

/** What every handler gets: the exchange, the parsed URL parts and the running app. */
export interface RequestContext {
  request: IncomingMessage;
  response: ServerResponse;
  pathname: string;
  /** Query string without `?`, or ''. */
  query: string;
  requestId: string;
  app: AppServices;
  /** Facts gathered while handling, written to the access log at the end. */
  log: RequestLog;
  /** The request's verified client key, set at the door when one was presented or required. */
  clientKey?: VerifiedClientKey;
}

/** One access-log line's worth of facts; never holds secrets. */
export interface RequestLog {
  model?: string;
  stream?: boolean;
  target?: TargetRef;
  attempts?: number;
  streamError?: string;
  /** Targets a broken stream was continued on, in order. */
  continuedOn?: string[];
  errorCode?: string;
  /** The verified client key's name (never its text). */
  clientKey?: string;
  /** Usage the provider reported for the answer (all prompt tokens, all generated tokens). */
  inputTokens?: number;
  outputTokens?: number;
  /** What stood in for an error when every target failed (stale answer, deferred job, configured answer). */
  degraded?: DegradedKind;
}

/** The long-lived parts of a running Lifeline. */
export interface AppServices {
  config: ResolvedConfig;
  gateway: Gateway;
  routes: RouteTable;
  logger: Logger;
  /** Feature routes (status page, admin API, metrics), tried after the API routes. */
  extraRoutes: ExtraRoute[];
  /** The client-key check the front door runs before routing (absent: every request passes). */
  clientAccess?: ClientAccess;
  /** How the store is doing, shown by `/readyz` (which stays ready when the store is out). */
  storeHealth?: () => StoreHealth;
  /** Per-route fallbacks for "every target failed" and the stale-answer cache. */
  degradation?: Degradation;
  /** Where deferred requests are kept, and for how long (absent: requests are never deferred). */
  deferred?: { jobs: Pick<DeferredJobRepository, 'create'>; ttlMs: number };
  /** Responses API responses kept for `previous_response_id` and `/v1/responses/{id}` (absent: none are kept). */
  responses?: StoredResponses;
  /** Whether the routing state is shared right now, shown by `/readyz` (still ready when it is not). */
  sharedState?: () => SharedStateStatus;
  /** True once a graceful shutdown began: `/readyz` answers 503 so load balancers move on. */
  draining?: () => boolean;
}

export type Handler = (context: RequestContext) => Promise<void>;

/**
 * A route contributed by a feature outside http/ (status page, admin API, metrics). Checked after
 * the fixed API routes, in order.
 * @example { method: 'GET', matches: (path) => path === '/metrics', handler: metricsHandler }
 */
export interface ExtraRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  matches(pathname: string): boolean;
  handler: Handler;
  /**
   * A GET of public data (the status page and its APIs) that any web page may read: the front
   * door does not refuse it for a foreign `Origin`. Never for a route that spends keys or changes state.
   */
  openToAnyOrigin?: boolean;
}
