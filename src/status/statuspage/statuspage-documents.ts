import type { ComponentId, HealthSnapshot } from '../../health/health-types.js';
import type { Incident } from '../../store/store.js';
import { mapComponents, type ComponentMapping } from './map-components.js';
import { mapIncident } from './map-incident.js';
import { pageStatus } from './page-status.js';
import { statuspageId } from './statuspage-id.js';
import { STATUSPAGE_TIME_ZONE, statuspageTime } from './statuspage-time.js';
import type {
  StatuspageComponent,
  StatuspageIncident,
  StatuspagePage,
  StatuspageScheduledMaintenance,
  StatuspageStatus,
  StatuspageSummary,
} from './statuspage-types.js';

/** Everything one Statuspage response is built from. */
export interface StatuspageInput {
  snapshot: HealthSnapshot;
  /** The most recent incidents (at most 50), newest first. */
  recentIncidents: Incident[];
  /** Unresolved incidents, newest first. */
  unresolvedIncidents: Incident[];
  pageName: string;
  /** Lifeline's public base URL, without a trailing slash (`http://127.0.0.1:8080`). */
  baseUrl: string;
  /** When this Lifeline first published a component (its `created_at`). */
  firstSeenAt(id: ComponentId): number;
}

/** The Statuspage v2 documents of one instant, built once and read by every endpoint. */
export interface StatuspageDocuments {
  summary(): StatuspageSummary;
  status(): { page: StatuspagePage; status: StatuspageStatus };
  components(): { page: StatuspagePage; components: StatuspageComponent[] };
  incidents(): { page: StatuspagePage; incidents: StatuspageIncident[] };
  unresolvedIncidents(): { page: StatuspagePage; incidents: StatuspageIncident[] };
  /** Lifeline schedules no maintenance: every maintenance list is empty. */
  scheduledMaintenances(): { page: StatuspagePage; scheduled_maintenances: StatuspageScheduledMaintenance[] };
}

/** The page id: derived from the page name, so it is stable across restarts. */
export function pageIdFor(pageName: string): string {
  return statuspageId(`page:${pageName}`);
}

/** Builds the Statuspage v2 documents from a health snapshot and the stored incidents. */
export function buildStatuspageDocuments(input: StatuspageInput): StatuspageDocuments {
  const pageId = pageIdFor(input.pageName);
  const mapping: ComponentMapping = mapComponents(input.snapshot, pageId, input.firstSeenAt);
  const link = (incident: Incident): string => `${input.baseUrl}/status#incident-${incident.id}`;
  const page: StatuspagePage = {
    id: pageId,
    name: input.pageName,
    url: `${input.baseUrl}/status`,
    time_zone: STATUSPAGE_TIME_ZONE,
    updated_at: statuspageTime(lastChange(input)),
  };
  const incidents = (list: Incident[]): StatuspageIncident[] => list.map((incident) => mapIncident(incident, mapping, pageId, link));
  const status = pageStatus(input.snapshot.overall);

  return {
    summary: () => ({
      page,
      components: mapping.components,
      incidents: incidents(input.unresolvedIncidents),
      scheduled_maintenances: [],
      status,
    }),
    status: () => ({ page, status }),
    components: () => ({ page, components: mapping.components }),
    incidents: () => ({ page, incidents: incidents(input.recentIncidents) }),
    unresolvedIncidents: () => ({ page, incidents: incidents(input.unresolvedIncidents) }),
    scheduledMaintenances: () => ({ page, scheduled_maintenances: [] }),
  };
}

/** The page's `updated_at`: the latest component status change or incident change. */
function lastChange(input: StatuspageInput): number {
  const times = [
    ...input.snapshot.components.map((component) => component.since),
    ...input.recentIncidents.map((incident) => incident.updatedAt),
    ...input.unresolvedIncidents.map((incident) => incident.updatedAt),
  ];
  return times.length === 0 ? input.snapshot.at : Math.max(...times);
}
