import { isGatewayError } from '../errors/index.js';
import type { DynamicTargetHealth } from '../health/health-monitor.js';
import type { KeyHealth } from '../health/health-types.js';
import type { ExtraRoute, RequestContext } from '../http/request-context.js';
import { sendJson } from '../http/send-json.js';
import type { IncidentManager } from '../incidents/incident-manager.js';
import type { LifelineStore, WebhookDelivery } from '../store/store.js';
import { checkAdminAuth } from './admin-auth.js';
import { AdminRequestError, captured, parseWith, queryObject, readAdminBody, type AdminRouteFactory } from './admin-request.js';
import { clientKeyAdminRoutes, type ClientKeyAdmin } from './client-key-admin-routes.js';
import {
  deliveriesQuerySchema,
  incidentsQuerySchema,
  incidentUpdateBodySchema,
  newIncidentBodySchema,
  postmortemBodySchema,
} from './admin-schemas.js';

export interface AdminRoutesOptions {
  store: Pick<LifelineStore, 'webhooks'>;
  incidents: Pick<IncidentManager, 'list' | 'get' | 'open' | 'addUpdate' | 'setPostmortem'>;
  /** Enables `POST /admin/webhooks/deliveries/:id/retry`. */
  notifier?: { redeliver(deliveryId: string): Promise<WebhookDelivery | undefined> };
  /** Enables `GET /admin/keys` and `GET /admin/dynamic-targets`. */
  health?: { keys(): KeyHealth[]; dynamicTargets?(): DynamicTargetHealth[] };
  /** Enables the client-key routes (`/admin/keys` lists client keys beside provider key health). */
  clientKeys?: ClientKeyAdmin;
  /** The admin bearer token; without one every admin route answers 403. */
  token?: string;
}

const ID = '([A-Za-z0-9_-]{1,64})';
const INCIDENT_PATH = new RegExp(`^/admin/incidents/${ID}$`);
const UPDATES_PATH = new RegExp(`^/admin/incidents/${ID}/updates$`);
const POSTMORTEM_PATH = new RegExp(`^/admin/incidents/${ID}/postmortem$`);
const REDELIVER_PATH = new RegExp(`^/admin/webhooks/deliveries/${ID}/retry$`);

/**
 * The admin API, behind `Authorization: Bearer <admin.token>`. Incidents (list, open, update,
 * postmortem), webhook deliveries (failures visible, retry one), key health (labels only) and the
 * client-named models the providers served that Lifeline tracks by name (public pages may not).
 * Errors are `{ error: { message } }`. Nothing here returns a secret: webhook URLs and secrets and
 * provider keys never appear.
 * @example app.extraRoutes.push(...createAdminRoutes({ store, incidents, notifier, health, token: config.admin.token }));
 */
export function createAdminRoutes(options: AdminRoutesOptions): ExtraRoute[] {
  const { store, incidents } = options;

  const route: AdminRouteFactory = (method, matches, handle) => {
    return {
      method,
      matches,
      handler: async (context) => {
        const failure = checkAdminAuth(context.request, options.token);
        if (failure) {
          context.request.resume();
          const headers: Record<string, string> = failure.status === 401 ? { 'www-authenticate': 'Bearer realm="lifeline-admin"' } : {};
          sendJson(context.response, failure.status, errorBody(failure.message), { ...headers, 'cache-control': 'no-store' });
          return;
        }
        try {
          const result = await handle(context, trimSlash(context.pathname));
          sendJson(context.response, result.status, result.body, { 'cache-control': 'no-store' });
        } catch (error) {
          const status = error instanceof AdminRequestError ? error.status : isGatewayError(error) ? error.statusCode : 500;
          if (status === 500) context.app.logger.error({ err: error, requestId: context.requestId }, 'admin request failed');
          const message = status === 500 ? 'Internal error; see the Lifeline log.' : (error as Error).message;
          sendJson(context.response, status, errorBody(message), { 'cache-control': 'no-store' });
        }
      },
    };
  };

  return [
    route('GET', (path) => path === '/admin/incidents', async (context) => {
      const query = parseWith(incidentsQuerySchema, queryObject(context.query));
      const list = await incidents.list({ unresolved: query.unresolved === 'true', ...(query.limit ? { limit: query.limit } : {}) });
      return { status: 200, body: { incidents: list } };
    }),
    route('POST', (path) => path === '/admin/incidents', async (context) => {
      const body = parseWith(newIncidentBodySchema, await readAdminBody(context));
      const incident = await incidents.open({
        title: body.title,
        body: body.body,
        ...(body.status ? { status: body.status } : {}),
        ...(body.impact ? { impact: body.impact } : {}),
        ...(body.components ? { componentIds: body.components } : {}),
      });
      return { status: 201, body: { incident } };
    }),
    route('GET', (path) => INCIDENT_PATH.test(path), async (_context, path) => {
      const id = captured(INCIDENT_PATH, path);
      const incident = await incidents.get(id);
      if (!incident) throw new AdminRequestError(404, `No incident with id "${id}".`);
      return { status: 200, body: { incident } };
    }),
    route('POST', (path) => UPDATES_PATH.test(path), async (context, path) => {
      const body = parseWith(incidentUpdateBodySchema, await readAdminBody(context));
      const incident = await incidents.addUpdate(captured(UPDATES_PATH, path), body);
      return { status: 201, body: { incident } };
    }),
    route('PUT', (path) => POSTMORTEM_PATH.test(path), async (context, path) => {
      const body = parseWith(postmortemBodySchema, await readAdminBody(context));
      const incident = await incidents.setPostmortem(captured(POSTMORTEM_PATH, path), body.body);
      return { status: 200, body: { incident } };
    }),
    route('GET', (path) => path === '/admin/webhooks/deliveries', async (context) => {
      const query = parseWith(deliveriesQuerySchema, queryObject(context.query));
      const deliveries = await store.webhooks.list({ limit: query.limit ?? 100, ...(query.state ? { state: query.state } : {}) });
      return { status: 200, body: { deliveries: deliveries.map(withoutPayload) } };
    }),
    route('POST', (path) => REDELIVER_PATH.test(path), async (context, path) => {
      context.request.resume();
      if (!options.notifier) throw new AdminRequestError(404, 'Webhook notifications are not configured.');
      const delivery = await options.notifier.redeliver(captured(REDELIVER_PATH, path));
      if (!delivery) throw new AdminRequestError(404, `No failed webhook delivery with id "${captured(REDELIVER_PATH, path)}".`);
      return { status: 202, body: { delivery: withoutPayload(delivery) } };
    }),
    // `keys` is the provider keys' health by label, as before client keys existed; `client_keys` beside it.
    route('GET', (path) => path === '/admin/keys', async () => {
      if (!options.health) throw new AdminRequestError(503, 'Key health is not available: the health monitor is not running.');
      const clientKeys = options.clientKeys ? { client_keys: await options.clientKeys.list() } : {};
      return { status: 200, body: { keys: options.health.keys(), ...clientKeys } };
    }),
    route('GET', (path) => path === '/admin/provider-keys', async () => {
      if (!options.health) throw new AdminRequestError(503, 'Key health is not available: the health monitor is not running.');
      return { status: 200, body: { keys: options.health.keys() } };
    }),
    ...(options.clientKeys ? clientKeyAdminRoutes(route, options.clientKeys) : []),
    route('GET', (path) => path === '/admin/dynamic-targets', async () => {
      if (!options.health?.dynamicTargets) throw new AdminRequestError(503, 'Target health is not available: the health monitor is not running.');
      return { status: 200, body: { targets: options.health.dynamicTargets() } };
    }),
  ];
}

function trimSlash(pathname: string): string {
  return pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
}

function errorBody(message: string): { error: { message: string } } {
  return { error: { message } };
}

/** Deliveries are listed without their payload (large, and the incident API already has it). */
function withoutPayload(delivery: WebhookDelivery): Omit<WebhookDelivery, 'payload'> {
  const { payload: _payload, ...rest } = delivery;
  return rest;
}
