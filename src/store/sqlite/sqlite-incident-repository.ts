import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { NotFoundError } from '../../errors/index.js';
import type { Clock } from '../../core/clock.js';
import {
  applyIncidentChange,
  buildIncidentHeader,
  buildIncidentUpdate,
  isClosedStatus,
  openKeyConflict,
  type IncidentHeader,
} from '../incident-change.js';
import { normalizeLimit } from '../list-limit.js';
import type { Incident, IncidentChange, IncidentRepository, IncidentUpdate, NewIncident } from '../store.js';
import {
  affectedComponentsSchema,
  componentIdsSchema,
  incidentImpactSchema,
  incidentStatusSchema,
  parseJsonColumn,
  sqliteBooleanSchema,
  toNullable,
  toSqliteBoolean,
} from './row-schemas.js';

const incidentRowSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: incidentStatusSchema,
  impact: incidentImpactSchema,
  component_ids: z.string(),
  created_at: z.number(),
  updated_at: z.number(),
  resolved_at: z.number().nullable(),
  automatic: sqliteBooleanSchema,
  postmortem: z.string().nullable(),
});

const updateRowSchema = z.object({
  id: z.string(),
  incident_id: z.string(),
  status: incidentStatusSchema,
  body: z.string(),
  created_at: z.number(),
  automatic: sqliteBooleanSchema,
  affected_components: z.string().nullable(),
});

const INCIDENT_COLUMNS = 'id, title, status, impact, component_ids, created_at, updated_at, resolved_at, automatic, postmortem';
const UPDATE_COLUMNS = 'id, incident_id, status, body, created_at, automatic, affected_components';

function toHeader(row: unknown): IncidentHeader {
  const parsed = incidentRowSchema.parse(row);
  const header: IncidentHeader = {
    id: parsed.id,
    title: parsed.title,
    status: parsed.status,
    impact: parsed.impact,
    componentIds: parseJsonColumn(parsed.component_ids, componentIdsSchema, 'incidents.component_ids'),
    createdAt: parsed.created_at,
    updatedAt: parsed.updated_at,
    automatic: parsed.automatic,
  };
  if (parsed.resolved_at !== null) header.resolvedAt = parsed.resolved_at;
  if (parsed.postmortem !== null) header.postmortem = parsed.postmortem;
  return header;
}

function toUpdate(row: unknown): IncidentUpdate {
  const parsed = updateRowSchema.parse(row);
  const update: IncidentUpdate = {
    id: parsed.id,
    incidentId: parsed.incident_id,
    status: parsed.status,
    body: parsed.body,
    createdAt: parsed.created_at,
    automatic: parsed.automatic,
  };
  if (parsed.affected_components !== null) {
    update.affectedComponents = parseJsonColumn(parsed.affected_components, affectedComponentsSchema, 'incident_updates.affected_components');
  }
  return update;
}

function headerParameters(header: IncidentHeader) {
  return {
    id: header.id,
    title: header.title,
    status: header.status,
    impact: header.impact,
    component_ids: JSON.stringify(header.componentIds),
    created_at: header.createdAt,
    updated_at: header.updatedAt,
    resolved_at: toNullable(header.resolvedAt),
    automatic: toSqliteBoolean(header.automatic),
    postmortem: toNullable(header.postmortem),
  };
}

function updateParameters(update: IncidentUpdate) {
  return {
    id: update.id,
    incident_id: update.incidentId,
    status: update.status,
    body: update.body,
    created_at: update.createdAt,
    automatic: toSqliteBoolean(update.automatic),
    affected_components: update.affectedComponents === undefined ? null : JSON.stringify(update.affectedComponents),
  };
}

/** Incidents in SQLite: one row per incident, its timeline in `incident_updates`. */
export function createSqliteIncidentRepository(database: Database, clock: Clock, nextId: () => string): IncidentRepository {
  // Prepared once and reused: preparing is the expensive part of a better-sqlite3 query.
  const insertIncident = database.prepare(
    `INSERT INTO incidents (${INCIDENT_COLUMNS}) VALUES (@id, @title, @status, @impact, @component_ids, @created_at, @updated_at, @resolved_at, @automatic, @postmortem)`,
  );
  const updateIncident = database.prepare(
    `UPDATE incidents SET title = @title, status = @status, impact = @impact, component_ids = @component_ids,
       created_at = @created_at, updated_at = @updated_at, resolved_at = @resolved_at, automatic = @automatic, postmortem = @postmortem
     WHERE id = @id`,
  );
  const insertUpdate = database.prepare(
    `INSERT INTO incident_updates (${UPDATE_COLUMNS}) VALUES (@id, @incident_id, @status, @body, @created_at, @automatic, @affected_components)`,
  );
  const selectIncident = database.prepare<[string]>(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = ?`);
  const claimOpenKey = database.prepare<[string | null, string]>('UPDATE incidents SET open_key = ? WHERE id = ?');
  const selectByOpenKey = database.prepare<[string]>(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE open_key = ?`);
  const selectRecent = database.prepare<{ since: number | null; limit: number }>(
    `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE @since IS NULL OR created_at >= @since
     ORDER BY created_at DESC, id DESC LIMIT @limit`,
  );
  const selectUnresolved = database.prepare<[]>(
    `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE status NOT IN ('resolved', 'postmortem') ORDER BY created_at DESC, id DESC`,
  );
  // One query for the timelines of a whole page of incidents: the ids travel as one JSON array.
  const selectUpdates = database.prepare<[string]>(
    `SELECT ${UPDATE_COLUMNS} FROM incident_updates WHERE incident_id IN (SELECT value FROM json_each(?))
     ORDER BY created_at, seq`,
  );

  function withTimelines(headers: IncidentHeader[]): Incident[] {
    if (headers.length === 0) return [];
    const timelines = new Map<string, IncidentUpdate[]>(headers.map((header) => [header.id, []]));
    for (const row of selectUpdates.all(JSON.stringify(headers.map((header) => header.id)))) {
      const update = toUpdate(row);
      timelines.get(update.incidentId)?.push(update);
    }
    return headers.map((header) => ({ ...header, updates: timelines.get(header.id) ?? [] }));
  }

  function readIncident(id: string): Incident | undefined {
    const row = selectIncident.get(id);
    return row === undefined ? undefined : withTimelines([toHeader(row)])[0];
  }

  function readStored(id: string): Incident {
    const incident = readIncident(id);
    // Unreachable unless someone deletes the row between the write and the read.
    if (incident === undefined) throw new NotFoundError(`No incident with id ${id}`);
    return incident;
  }

  const createTransaction = database.transaction((incident: NewIncident): string => {
    const atMs = incident.at ?? clock.now();
    const header = buildIncidentHeader(nextId(), incident, atMs);
    insertIncident.run(headerParameters(header));
    if (incident.openKey !== undefined && !isClosedStatus(header.status)) {
      try {
        claimOpenKey.run(incident.openKey, header.id);
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw openKeyConflict(incident.openKey);
        throw error;
      }
    }
    insertUpdate.run(updateParameters(buildIncidentUpdate(nextId(), header.id, incident, atMs)));
    return header.id;
  });

  const updateTransaction = database.transaction((id: string, change: IncidentChange): void => {
    const row = selectIncident.get(id);
    if (row === undefined) throw new NotFoundError(`No incident with id ${id}`);
    const atMs = change.at ?? clock.now();
    const next = applyIncidentChange(toHeader(row), change, atMs);
    updateIncident.run(headerParameters(next));
    if (isClosedStatus(next.status)) claimOpenKey.run(null, id);
    insertUpdate.run(updateParameters(buildIncidentUpdate(nextId(), id, change, atMs)));
  });

  return {
    async create(incident: NewIncident) {
      const id = createTransaction(incident);
      return readStored(id);
    },

    async update(id: string, change: IncidentChange) {
      updateTransaction(id, change);
      return readStored(id);
    },

    async get(id: string) {
      return readIncident(id);
    },

    async list(options = {}) {
      const rows = selectRecent.all({ since: toNullable(options.since), limit: normalizeLimit(options.limit) ?? -1 });
      return withTimelines(rows.map(toHeader));
    },

    async listUnresolved() {
      return withTimelines(selectUnresolved.all().map(toHeader));
    },

    async findOpen(openKey: string) {
      const row = selectByOpenKey.get(openKey);
      return row === undefined ? undefined : withTimelines([toHeader(row)])[0];
    },
  };
}
