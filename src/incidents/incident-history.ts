import type { ComponentId, ComponentStatus } from '../health/health-types.js';
import { worseStatus } from '../health/health-types.js';
import { isClosedStatus } from '../store/incident-change.js';
import type { Incident, IncidentImpact, IncidentStatus } from '../store/store.js';

/** Status while something is still affected: the last status a person chose, else `investigating`. */
export function statusWhileAffected(incident: Incident): IncidentStatus {
  const human = [...incident.updates].reverse().find((update) => !update.automatic && !isClosedStatus(update.status));
  return human?.status ?? 'investigating';
}

/** True when a person closed the incident: automatic handling must leave it alone. */
export function resolvedByAdmin(incident: Incident): boolean {
  return incident.updates.some((update) => !update.automatic && isClosedStatus(update.status));
}

/** Each component's worst status over the incident's timeline. */
export function worstByComponent(incident: Incident): Map<ComponentId, ComponentStatus> {
  const worst = new Map<ComponentId, ComponentStatus>(incident.componentIds.map((id) => [id, 'operational']));
  for (const update of incident.updates) {
    for (const component of update.affectedComponents ?? []) {
      const previous = worst.get(component.id) ?? 'operational';
      worst.set(component.id, worseStatus(previous, component.status));
    }
  }
  return worst;
}

/** A component status standing in for an impact, when the timeline names no statuses. */
export function statusForImpact(impact: IncidentImpact): ComponentStatus {
  switch (impact) {
    case 'critical':
      return 'major_outage';
    case 'major':
      return 'partial_outage';
    default:
      return 'degraded_performance';
  }
}
