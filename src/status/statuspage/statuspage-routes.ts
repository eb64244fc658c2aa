import type { ExtraRoute } from '../../http/request-context.js';
import { sendJson } from '../../http/send-json.js';
import { baseUrlFor } from '../base-url.js';
import type { StatusDependencies } from '../status-dependencies.js';
import { buildStatuspageDocuments, type StatuspageDocuments } from './statuspage-documents.js';

/** Endpoint paths and the document each one answers with. */
const ENDPOINTS = new Map<string, (documents: StatuspageDocuments) => unknown>([
  ['/api/v2/summary.json', (documents) => documents.summary()],
  ['/api/v2/status.json', (documents) => documents.status()],
  ['/api/v2/components.json', (documents) => documents.components()],
  ['/api/v2/incidents.json', (documents) => documents.incidents()],
  ['/api/v2/incidents/unresolved.json', (documents) => documents.unresolvedIncidents()],
  ['/api/v2/scheduled-maintenances.json', (documents) => documents.scheduledMaintenances()],
  ['/api/v2/scheduled-maintenances/upcoming.json', (documents) => documents.scheduledMaintenances()],
  ['/api/v2/scheduled-maintenances/active.json', (documents) => documents.scheduledMaintenances()],
]);

/** Statuspage's incident list is a fixed window of the 50 most recent. */
const INCIDENT_WINDOW = 50;

/**
 * The Statuspage v2 public API (`/api/v2/*.json`), so existing widgets and monitors can read a
 * Lifeline page. CORS is open, as on the real pages: the data is public by design.
 */
export function createStatuspageRoutes(dependencies: StatusDependencies): ExtraRoute[] {
  return [...ENDPOINTS].map(([path, select]): ExtraRoute => ({
    method: 'GET',
    matches: (pathname: string) => pathname === path,
    handler: async (context) => {
      const [recentIncidents, unresolvedIncidents] = await Promise.all([
        dependencies.store.incidents.list({ limit: INCIDENT_WINDOW }),
        dependencies.store.incidents.listUnresolved(),
      ]);
      const documents = buildStatuspageDocuments({
        snapshot: dependencies.health.snapshot(),
        recentIncidents,
        unresolvedIncidents,
        pageName: dependencies.pageName,
        baseUrl: baseUrlFor(context.request, dependencies.publicUrl, dependencies.hostAllowed),
        firstSeenAt: dependencies.firstSeenAt,
      });
      sendJson(context.response, 200, select(documents), { 'access-control-allow-origin': '*', 'cache-control': 'no-cache' });
    },
  }));
}
