import type { ComponentId, ComponentStatus } from '../health/health-types.js';
import { componentDisplayName } from '../incidents/incident-wording.js';
import type { Incident, IncidentUpdate } from '../store/store.js';
import type { WebhookEvent } from './notifications-config.js';

/** Statuspage's `affected_components` entry. */
export interface AffectedComponentPayload {
  code: ComponentId;
  name: string;
  old_status: ComponentStatus;
  new_status: ComponentStatus;
}

/** Statuspage's `incident_update`, plus whether Lifeline wrote it. */
export interface IncidentUpdatePayload {
  id: string;
  status: IncidentUpdate['status'];
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: AffectedComponentPayload[] | null;
  automatic: boolean;
}

/** An incident in Statuspage's field names (timestamps in UTC, updates newest first). */
export interface IncidentPayload {
  id: string;
  name: string;
  status: Incident['status'];
  impact: Incident['impact'];
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  started_at: string;
  shortlink: string | null;
  automatic: boolean;
  postmortem_body: string | null;
  incident_updates: IncidentUpdatePayload[];
  components: Array<{ id: ComponentId; name: string; status: ComponentStatus }>;
}

/** The JSON webhook body. */
export interface WebhookPayload {
  event: WebhookEvent;
  incident: IncidentPayload;
  sent_at: string;
}

/**
 * Builds the JSON webhook body: `{ event, incident, sent_at }` with the incident in Statuspage's
 * shape, so receivers that already parse Statuspage incidents can reuse that code.
 */
export function buildWebhookPayload(event: WebhookEvent, incident: Incident, options: { nowMs: number; publicUrl?: string }): WebhookPayload {
  return { event, incident: toIncidentPayload(incident, options.publicUrl), sent_at: iso(options.nowMs) };
}

/** An incident in Statuspage's field names. */
export function toIncidentPayload(incident: Incident, publicUrl?: string): IncidentPayload {
  const updates: IncidentUpdatePayload[] = [];
  let previous = new Map<ComponentId, ComponentStatus>();
  for (const update of incident.updates) {
    let affected: AffectedComponentPayload[] | null = null;
    if (update.affectedComponents) {
      affected = update.affectedComponents.map((component) => ({
        code: component.id,
        name: componentDisplayName(component.id),
        old_status: previous.get(component.id) ?? 'operational',
        new_status: component.status,
      }));
      previous = new Map([...previous, ...update.affectedComponents.map((component): [ComponentId, ComponentStatus] => [component.id, component.status])]);
    }
    updates.push({
      id: update.id,
      status: update.status,
      body: update.body,
      incident_id: incident.id,
      created_at: iso(update.createdAt),
      updated_at: iso(update.createdAt),
      display_at: iso(update.createdAt),
      affected_components: affected,
      automatic: update.automatic,
    });
  }
  const monitoring = [...incident.updates].reverse().find((update) => update.status === 'monitoring');
  return {
    id: incident.id,
    name: incident.title,
    status: incident.status,
    impact: incident.impact,
    created_at: iso(incident.createdAt),
    updated_at: iso(incident.updatedAt),
    monitoring_at: monitoring ? iso(monitoring.createdAt) : null,
    resolved_at: incident.resolvedAt === undefined ? null : iso(incident.resolvedAt),
    started_at: iso(incident.createdAt),
    shortlink: publicUrl ? `${publicUrl.replace(/\/+$/, '')}/status#incident-${incident.id}` : null,
    automatic: incident.automatic,
    postmortem_body: incident.postmortem ?? null,
    incident_updates: updates.reverse(),
    components: incident.componentIds.map((id) => ({ id, name: componentDisplayName(id), status: previous.get(id) ?? 'operational' })),
  };
}

function iso(atMs: number): string {
  return new Date(atMs).toISOString();
}
