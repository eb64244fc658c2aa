import { NotFoundError } from '../../errors/index.js';
import { openKeyConflict } from '../incident-change.js';
import type { Clock } from '../../core/clock.js';
import {
  applyIncidentChange,
  buildIncidentHeader,
  buildIncidentUpdate,
  isClosedStatus,
} from '../incident-change.js';
import { normalizeLimit } from '../list-limit.js';
import type { Incident, IncidentChange, IncidentRepository, NewIncident } from '../store.js';

/** Newest first; ids break ties because they sort in creation order. */
function newestFirst(first: Incident, second: Incident): number {
  return second.createdAt - first.createdAt || (second.id < first.id ? -1 : second.id > first.id ? 1 : 0);
}

/** In-memory incidents; hands out copies so callers cannot edit stored state by accident. */
export function createMemoryIncidentRepository(clock: Clock, nextId: () => string, assertOpen: () => void): IncidentRepository {
  const incidents = new Map<string, Incident>();
  /** Open key → id of the unresolved incident holding it. */
  const openKeys = new Map<string, string>();

  return {
    async create(incident: NewIncident) {
      assertOpen();
      if (incident.openKey !== undefined && openKeys.has(incident.openKey)) throw openKeyConflict(incident.openKey);
      const atMs = incident.at ?? clock.now();
      const header = buildIncidentHeader(nextId(), incident, atMs);
      const stored: Incident = { ...header, updates: [buildIncidentUpdate(nextId(), header.id, incident, atMs)] };
      incidents.set(stored.id, stored);
      if (incident.openKey !== undefined && !isClosedStatus(stored.status)) openKeys.set(incident.openKey, stored.id);
      return structuredClone(stored);
    },

    async update(id: string, change: IncidentChange) {
      assertOpen();
      const current = incidents.get(id);
      if (current === undefined) throw new NotFoundError(`No incident with id ${id}`);
      const atMs = change.at ?? clock.now();
      const { updates, ...header } = current;
      const update = buildIncidentUpdate(nextId(), id, change, atMs);
      // Stable sort keeps insertion order for equal times, matching SQLite's (created_at, seq).
      const timeline = [...updates, update].sort((first, second) => first.createdAt - second.createdAt);
      const stored: Incident = { ...applyIncidentChange(header, change, atMs), updates: timeline };
      incidents.set(id, stored);
      if (isClosedStatus(stored.status)) for (const [key, holder] of openKeys) if (holder === id) openKeys.delete(key);
      return structuredClone(stored);
    },

    async findOpen(openKey: string) {
      assertOpen();
      const id = openKeys.get(openKey);
      const stored = id === undefined ? undefined : incidents.get(id);
      return stored === undefined ? undefined : structuredClone(stored);
    },

    async get(id: string) {
      assertOpen();
      const stored = incidents.get(id);
      return stored === undefined ? undefined : structuredClone(stored);
    },

    async list(options = {}) {
      assertOpen();
      const since = options.since;
      const sorted = [...incidents.values()]
        .filter((incident) => since === undefined || incident.createdAt >= since)
        .sort(newestFirst);
      const limit = normalizeLimit(options.limit);
      return structuredClone(limit === undefined ? sorted : sorted.slice(0, limit));
    },

    async listUnresolved() {
      assertOpen();
      return structuredClone([...incidents.values()].filter((incident) => !isClosedStatus(incident.status)).sort(newestFirst));
    },
  };
}
