import { createHostCheck } from '../http/host-check.js';
import type { ExtraRoute } from '../http/request-context.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { LifelineStore } from '../store/store.js';
import { createEventHub, type EventHub } from './api/event-hub.js';
import { createLifelineApiRoutes, snapshotEvent } from './api/lifeline-api-routes.js';
import { createFirstSeen } from './first-seen.js';
import type { HealthSource, IncidentEvents } from './health-source.js';
import { createStatusPageHandler } from './page/status-page-route.js';
import type { SharedStateStatus } from '../shared-state/shared-state.js';
import type { StatusDependencies } from './status-dependencies.js';
import { createStatuspageRoutes } from './statuspage/statuspage-routes.js';

/** Options for {@link createStatusRoutes}. */
export interface StatusRoutesOptions {
  health: HealthSource;
  store: LifelineStore;
  /** The incident manager; without it the SSE feed only carries snapshots. */
  incidents?: IncidentEvents;
  /** Shown as the page title and Statuspage `page.name`. Default "Lifeline". */
  pageName?: string;
  /** Public base URL for links in API answers (`https://status.example.com`); else the request's Host. */
  publicUrl?: string;
  /** Which Host values may appear in links without `publicUrl` (the front door's check). Default: loopback names and IP addresses. */
  hostAllowed?: (hostHeader: string | undefined) => boolean;
  /** Open SSE streams at most; more get 503. Default 100. */
  maxEventClients?: number;
  clock?: Clock;
  /** SSE keep-alive interval. Default 15 s. */
  keepAliveMs?: number;
  /** Whether routing state is shared across the fleet right now (`/api/lifeline/status` shows it). */
  sharedState?: () => SharedStateStatus;
}

/** The status feature, ready to add to `AppServices.extraRoutes`. */
export interface StatusRoutes {
  /** `/status`, `/api/v2/*.json`, `/api/lifeline/*`. */
  routes: ExtraRoute[];
  /** The page again at `/`, to register only when no other page is configured there. */
  rootRoute: ExtraRoute;
  /** Ends open SSE streams and unsubscribes from health and incidents. */
  close(): void;
  /** Open SSE streams, for tests and metrics. */
  readonly openStreams: number;
}

/**
 * Builds everything users see: the status page, the Statuspage v2-compatible API, Lifeline's
 * own JSON API and its SSE feed. Key health is never published: it is for admins only.
 * @example
 * const status = createStatusRoutes({ health: monitor, store, incidents: manager, pageName: 'Acme AI' });
 * services.extraRoutes.push(...status.routes, ...(config.rootPage ? [] : [status.rootRoute]));
 */
export function createStatusRoutes(options: StatusRoutesOptions): StatusRoutes {
  const clock = options.clock ?? systemClock;
  const firstSeen = createFirstSeen(clock);
  const dependencies: StatusDependencies = {
    health: options.health,
    store: options.store,
    pageName: options.pageName ?? 'Lifeline',
    clock,
    firstSeenAt: firstSeen,
    hostAllowed: options.hostAllowed ?? createHostCheck({ boundHost: 'localhost', allowedHosts: [] }),
    ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
    ...(options.sharedState === undefined ? {} : { sharedState: options.sharedState }),
  };
  // Publish created_at from the start, not from the first API call.
  for (const component of options.health.snapshot().components) dependencies.firstSeenAt(component.id);

  const hub: EventHub = createEventHub({
    ...(options.keepAliveMs === undefined ? {} : { keepAliveMs: options.keepAliveMs }),
    ...(options.maxEventClients === undefined ? {} : { maxClients: options.maxEventClients }),
    subscribe: (broadcast) => [
      options.health.onChange((snapshot) => {
        firstSeen.retain(snapshot.components.map((component) => component.id));
        broadcast(snapshotEvent(snapshot));
      }),
      ...(options.incidents === undefined
        ? []
        : [options.incidents.onIncident((event) => broadcast({ event: 'incident', data: JSON.stringify({ kind: event.kind, incident: event.incident }) }))]),
    ],
  });
  const pageHandler = createStatusPageHandler(dependencies);

  return {
    routes: [
      { method: 'GET' as const, matches: (pathname: string) => pathname === '/status', handler: pageHandler },
      ...createStatuspageRoutes(dependencies),
      ...createLifelineApiRoutes(dependencies, hub),
    ].map(readableByAnyOrigin),
    rootRoute: readableByAnyOrigin({ method: 'GET', matches: (pathname) => pathname === '/', handler: pageHandler }),
    close: () => hub.close(),
    get openStreams() {
      return hub.clientCount;
    },
  };
}

/**
 * Everything here is a GET of public data, published for anyone (the Statuspage API even sends
 * `access-control-allow-origin: *`): a foreign `Origin` is not refused, unlike on the model and
 * admin endpoints.
 */
function readableByAnyOrigin(route: ExtraRoute): ExtraRoute {
  return { ...route, openToAnyOrigin: true };
}
