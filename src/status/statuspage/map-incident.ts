import type { ComponentId, ComponentStatus } from '../../health/health-types.js';
import type { Incident, IncidentUpdate } from '../../store/store.js';
import { fallbackAffectedName, type ComponentMapping } from './map-components.js';
import { statuspageId } from './statuspage-id.js';
import { statuspageTime } from './statuspage-time.js';
import type { StatuspageAffectedComponent, StatuspageComponent, StatuspageIncident, StatuspageIncidentUpdate } from './statuspage-types.js';

/** Where the incident can be read: Lifeline's own page, anchored on the incident. */
export type IncidentLink = (incident: Incident) => string;

/**
 * Maps a stored incident to Statuspage's incident object. Embedded components carry their
 * current state (what the samples do); components no longer configured are left out of
 * `components` but keep a readable name in `affected_components`.
 */
export function mapIncident(incident: Incident, mapping: ComponentMapping, pageId: string, link: IncidentLink): StatuspageIncident {
  const monitoring = incident.updates.find((update) => update.status === 'monitoring');
  const updates = incident.updates.map((update, index) => mapUpdate(update, incident.updates.slice(0, index), mapping));
  return {
    id: incident.id,
    name: incident.title,
    status: incident.status,
    created_at: statuspageTime(incident.createdAt),
    updated_at: statuspageTime(incident.updatedAt),
    monitoring_at: monitoring === undefined ? null : statuspageTime(monitoring.createdAt),
    resolved_at: incident.resolvedAt === undefined ? null : statuspageTime(incident.resolvedAt),
    impact: incident.impact,
    shortlink: link(incident),
    started_at: statuspageTime(incident.createdAt),
    page_id: pageId,
    incident_updates: updates.reverse(),
    components: attachedComponents(incident.componentIds, mapping),
    reminder_intervals: null,
  };
}

/**
 * Statuspage attaches leaf components to incidents, never groups (the samples never embed one):
 * a provider stands for all its targets, as picking a group does in Statuspage's editor.
 */
function attachedComponents(ids: ComponentId[], mapping: ComponentMapping): StatuspageComponent[] {
  const byId = new Map(mapping.components.map((component) => [component.id, component]));
  const attached = new Map<string, StatuspageComponent>();
  for (const id of ids) {
    const component = mapping.byLifelineId.get(id)?.component;
    if (component === undefined) continue;
    const leaves = component.group ? (component.components ?? []).flatMap((childId) => byId.get(childId) ?? []) : [component];
    for (const leaf of leaves) attached.set(leaf.id, leaf);
  }
  // Page order, as Statuspage lists them.
  return mapping.components.filter((component) => attached.has(component.id));
}

function mapUpdate(update: IncidentUpdate, earlier: IncidentUpdate[], mapping: ComponentMapping): StatuspageIncidentUpdate {
  const at = statuspageTime(update.createdAt);
  return {
    id: update.id,
    status: update.status,
    body: update.body,
    incident_id: update.incidentId,
    created_at: at,
    updated_at: at,
    display_at: at,
    affected_components:
      update.affectedComponents === undefined || update.affectedComponents.length === 0
        ? null
        : update.affectedComponents.map((affected) => affectedComponent(affected, earlier, mapping)),
    deliver_notifications: true,
    custom_tweet: null,
    tweet_id: null,
  };
}

function affectedComponent(
  affected: { id: ComponentId; status: ComponentStatus },
  earlier: IncidentUpdate[],
  mapping: ComponentMapping,
): StatuspageAffectedComponent {
  const mapped = mapping.byLifelineId.get(affected.id);
  return {
    code: mapped?.component.id ?? statuspageId(affected.id),
    name: mapped?.affectedName ?? fallbackAffectedName(affected.id),
    old_status: previousStatus(affected.id, earlier),
    new_status: affected.status,
  };
}

/** The component's status in the latest earlier update that listed it; operational before that. */
function previousStatus(id: ComponentId, earlier: IncidentUpdate[]): ComponentStatus {
  for (let index = earlier.length - 1; index >= 0; index -= 1) {
    const listed = earlier[index]?.affectedComponents?.find((affected) => affected.id === id);
    if (listed !== undefined) return listed.status;
  }
  return 'operational';
}
