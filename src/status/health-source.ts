import type { HealthSnapshot, KeyHealth } from '../health/health-types.js';
import type { TypedEvent } from '../core/typed-event.js';
import type { Incident, Rollup } from '../store/store.js';

/**
 * What the status routes read from the health monitor, declared here (structural typing) so this
 * module does not wait on health/. `keys()` is part of the monitor's shape but is admin-only:
 * nothing under status/ publishes it.
 */
export interface HealthSource {
  snapshot(): HealthSnapshot;
  onChange: TypedEvent<HealthSnapshot>;
  keys(): KeyHealth[];
  /** What memory counted that the store has not been given yet (the minute in progress, written every few seconds): added to stored rows. */
  liveRollups?(id: string, fromMs: number, toMs: number): Rollup[];
}

/** An incident lifecycle event, as the incident manager announces it. */
export interface IncidentEvent {
  /** `opened`, `updated`, `resolved` (kept open: the page only forwards it). */
  kind: string;
  incident: Incident;
}

/** The incident manager's event, declared locally like {@link HealthSource}. */
export interface IncidentEvents {
  onIncident: TypedEvent<IncidentEvent>;
}
