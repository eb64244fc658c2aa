import { ConflictError } from '../errors/index.js';
import type { Incident, IncidentChange, IncidentStatus, IncidentUpdate, NewIncident } from './store.js';

/** An incident without its timeline: what one row of an incidents table holds. */
export type IncidentHeader = Omit<Incident, 'updates'>;

/** Statuses after which an incident is over (a postmortem is only written once it is). */
const CLOSED_STATUSES: ReadonlySet<IncidentStatus> = new Set(['resolved', 'postmortem']);

/** True for `resolved` and `postmortem`: the incident no longer counts as unresolved. */
export function isClosedStatus(status: IncidentStatus): boolean {
  return CLOSED_STATUSES.has(status);
}

/** The header of a new incident; one opened already resolved (a backfill) gets `resolvedAt`. */
export function buildIncidentHeader(id: string, incident: NewIncident, atMs: number): IncidentHeader {
  const header: IncidentHeader = {
    id,
    title: incident.title,
    status: incident.status,
    impact: incident.impact,
    componentIds: [...incident.componentIds],
    createdAt: atMs,
    updatedAt: atMs,
    automatic: incident.automatic,
  };
  if (isClosedStatus(incident.status)) header.resolvedAt = atMs;
  return header;
}

/**
 * Applies a change to an incident header. Shared by every backend so they agree on the rules:
 * fields left undefined are kept; the first close sets `resolvedAt` (a later postmortem keeps it);
 * going back to an open status re-opens the incident and clears `resolvedAt`.
 */
export function applyIncidentChange(header: IncidentHeader, change: IncidentChange, atMs: number): IncidentHeader {
  const next: IncidentHeader = { ...header, status: change.status, updatedAt: atMs };
  if (change.title !== undefined) next.title = change.title;
  if (change.impact !== undefined) next.impact = change.impact;
  if (change.componentIds !== undefined) next.componentIds = [...change.componentIds];
  if (change.postmortem !== undefined) next.postmortem = change.postmortem;
  if (isClosedStatus(change.status)) {
    next.resolvedAt = header.resolvedAt ?? atMs;
  } else {
    delete next.resolvedAt;
  }
  return next;
}

/** The timeline entry recorded for a new incident or a change. */
export function buildIncidentUpdate(
  id: string,
  incidentId: string,
  source: NewIncident | IncidentChange,
  atMs: number,
): IncidentUpdate {
  const update: IncidentUpdate = {
    id,
    incidentId,
    status: source.status,
    body: source.body,
    createdAt: atMs,
    automatic: source.automatic,
  };
  if (source.affectedComponents !== undefined) {
    update.affectedComponents = source.affectedComponents.map((component) => ({ ...component }));
  }
  return update;
}

/** What every backend throws when a second unresolved incident would claim the same open key. */
export function openKeyConflict(openKey: string): ConflictError {
  return new ConflictError(`An unresolved incident already holds the open key ${openKey}.`);
}
