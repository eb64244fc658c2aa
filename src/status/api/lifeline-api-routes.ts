import { z } from 'zod';
import type { HealthSnapshot } from '../../health/health-types.js';
import type { ExtraRoute, RequestContext } from '../../http/request-context.js';
import { sendJson } from '../../http/send-json.js';
import type { StatusDependencies } from '../status-dependencies.js';
import type { EventHub, ServerSentEvent } from './event-hub.js';
import { DAY_MS, MINUTE_MS, dailyUptime, latencySeries, overallUptime } from './history.js';
import { liveRollupsOf, loadRollups } from './load-rollups.js';

const historyQuerySchema = z.object({
  // A component id is a configured provider and model name: nothing longer is worth looking up or echoing.
  component: z.string().min(1).max(512),
  days: z.coerce.number().int().min(1).max(90).default(90),
  resolution: z.enum(['minute', 'hour']).optional(),
});

const incidentsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  unresolved: z.enum(['true', 'false']).optional(),
});

/**
 * How the routing state is shared, for the public API: the mode and since when, with a plain
 * warning while it is not shared. Never the reason's text, which may name internal hosts.
 */
function sharedStateOf(dependencies: StatusDependencies): { sharedState?: { kind: string; mode: string; since: string; warning?: string } } {
  const status = dependencies.sharedState?.();
  if (status === undefined) return {};
  return {
    sharedState: {
      kind: status.kind,
      mode: status.mode,
      since: new Date(status.sinceMs).toISOString(),
      ...(status.mode === 'local' ? { warning: 'Shared routing state is unavailable: this instance decides on its own traffic until it rejoins.' } : {}),
    },
  };
}

/** The `snapshot` SSE event; also what `/api/lifeline/status` answers. */
export function snapshotEvent(snapshot: HealthSnapshot): ServerSentEvent {
  return { event: 'snapshot', data: JSON.stringify(snapshot), coalesceKey: 'snapshot' };
}

/**
 * Lifeline's own JSON API, richer than Statuspage's: verdicts with scope, reason and
 * measurements, per-day uptime and latency series, incidents as stored, and the live SSE feed.
 * Public like the status page, so it carries no key health.
 */
export function createLifelineApiRoutes(dependencies: StatusDependencies, hub: EventHub): ExtraRoute[] {
  const route = (path: string, handler: (context: RequestContext) => Promise<void>): ExtraRoute => ({
    method: 'GET',
    matches: (pathname) => pathname === path,
    handler,
  });
  return [
    route('/api/lifeline/status', async (context) => {
      sendJson(context.response, 200, { pageName: dependencies.pageName, ...dependencies.health.snapshot(), ...sharedStateOf(dependencies) }, NO_CACHE);
    }),
    route('/api/lifeline/history', async (context) => {
      const query = historyQuerySchema.safeParse(Object.fromEntries(new URLSearchParams(context.query)));
      if (!query.success) return sendError(context, 400, 'invalid_request', describeIssues(query.error));
      const snapshot = dependencies.health.snapshot();
      const component = snapshot.components.find((candidate) => candidate.id === query.data.component);
      if (component === undefined) return sendError(context, 404, 'not_found', `No component ${query.data.component}`);
      const nowMs = dependencies.clock.now();
      const fromMs = nowMs - query.data.days * DAY_MS;
      const rollups = await loadRollups(dependencies.store, snapshot, component.id, fromMs, nowMs + MINUTE_MS, liveRollupsOf(dependencies));
      const days = dailyUptime(rollups, nowMs, query.data.days);
      const resolution = query.data.resolution ?? (query.data.days <= 1 ? 'minute' : 'hour');
      sendJson(
        context.response,
        200,
        {
          component: { id: component.id, name: component.name, kind: component.kind, status: component.status },
          uptimePercent: overallUptime(days),
          days,
          series: { resolution, points: latencySeries(rollups, resolution) },
        },
        NO_CACHE,
      );
    }),
    route('/api/lifeline/incidents', async (context) => {
      const query = incidentsQuerySchema.safeParse(Object.fromEntries(new URLSearchParams(context.query)));
      if (!query.success) return sendError(context, 400, 'invalid_request', describeIssues(query.error));
      const incidents =
        query.data.unresolved === 'true'
          ? await dependencies.store.incidents.listUnresolved()
          : await dependencies.store.incidents.list({ limit: query.data.limit });
      sendJson(context.response, 200, { incidents: incidents.slice(0, query.data.limit) }, NO_CACHE);
    }),
    route('/api/lifeline/events', async (context) => {
      if (context.request.method === 'HEAD') {
        // A HEAD must not hold a stream open that can never carry a body.
        context.response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' }).end();
        return;
      }
      hub.attach(context.request, context.response, [snapshotEvent(dependencies.health.snapshot())]);
    }),
  ];
}

const NO_CACHE = { 'cache-control': 'no-cache' };

function sendError(context: RequestContext, status: number, code: string, message: string): void {
  sendJson(context.response, status, { error: { code, message } });
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; ');
}
