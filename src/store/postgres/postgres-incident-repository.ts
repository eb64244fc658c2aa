import type pg from 'pg';
import { z } from 'zod';
import { NotFoundError } from '../../errors/index.js';
import type { Clock } from '../../core/clock.js';
import { applyIncidentChange, buildIncidentHeader, buildIncidentUpdate, isClosedStatus, openKeyConflict, type IncidentHeader } from '../incident-change.js';
import { normalizeLimit } from '../list-limit.js';
import { affectedComponentsSchema, componentIdsSchema, incidentImpactSchema, incidentStatusSchema } from '../sqlite/row-schemas.js';
import type { Incident, IncidentRepository, IncidentUpdate } from '../store.js';
import { inTransaction, query } from './postgres-pool.js';

const incidentRowSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: incidentStatusSchema,
  impact: incidentImpactSchema,
  component_ids: componentIdsSchema,
  created_at: z.number(),
  updated_at: z.number(),
  resolved_at: z.number().nullable(),
  automatic: z.boolean(),
  postmortem: z.string().nullable(),
});

const updateRowSchema = z.object({
  id: z.string(),
  incident_id: z.string(),
  status: incidentStatusSchema,
  body: z.string(),
  created_at: z.number(),
  automatic: z.boolean(),
  affected_components: affectedComponentsSchema.nullable(),
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
    componentIds: parsed.component_ids,
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
  if (parsed.affected_components !== null) update.affectedComponents = parsed.affected_components;
  return update;
}

function headerValues(header: IncidentHeader): unknown[] {
  return [
    header.id,
    header.title,
    header.status,
    header.impact,
    JSON.stringify(header.componentIds),
    header.createdAt,
    header.updatedAt,
    header.resolvedAt ?? null,
    header.automatic,
    header.postmortem ?? null,
  ];
}

async function insertUpdate(client: pg.PoolClient, update: IncidentUpdate): Promise<void> {
  await client.query(`INSERT INTO incident_updates (${UPDATE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    update.id,
    update.incidentId,
    update.status,
    update.body,
    update.createdAt,
    update.automatic,
    update.affectedComponents === undefined ? null : JSON.stringify(update.affectedComponents),
  ]);
}

/** Incidents in PostgreSQL: one row per incident, its timeline in `incident_updates`. */
export function createPostgresIncidentRepository(pool: pg.Pool, clock: Clock, nextId: () => string): IncidentRepository {
  async function withTimelines(headers: IncidentHeader[]): Promise<Incident[]> {
    if (headers.length === 0) return [];
    const timelines = new Map<string, IncidentUpdate[]>(headers.map((header) => [header.id, []]));
    const { rows } = await query(pool, `SELECT ${UPDATE_COLUMNS} FROM incident_updates WHERE incident_id = ANY($1::text[]) ORDER BY created_at, seq`, [
      headers.map((header) => header.id),
    ]);
    for (const row of rows) {
      const update = toUpdate(row);
      timelines.get(update.incidentId)?.push(update);
    }
    return headers.map((header) => ({ ...header, updates: timelines.get(header.id) ?? [] }));
  }

  async function readIncident(id: string): Promise<Incident | undefined> {
    const { rows } = await query(pool, `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = $1`, [id]);
    return rows[0] === undefined ? undefined : (await withTimelines([toHeader(rows[0])]))[0];
  }

  async function readStored(id: string): Promise<Incident> {
    const incident = await readIncident(id);
    if (incident === undefined) throw new NotFoundError(`No incident with id ${id}`);
    return incident;
  }

  return {
    async create(incident) {
      const id = await inTransaction(pool, async (client) => {
        const atMs = incident.at ?? clock.now();
        const header = buildIncidentHeader(nextId(), incident, atMs);
        const openKey = incident.openKey !== undefined && !isClosedStatus(header.status) ? incident.openKey : null;
        try {
          await client.query(`INSERT INTO incidents (${INCIDENT_COLUMNS}, open_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [...headerValues(header), openKey]);
        } catch (error) {
          // 23505 unique_violation: another instance opened this incident first.
          if (openKey !== null && (error as { code?: string }).code === '23505') throw openKeyConflict(openKey);
          throw error;
        }
        await insertUpdate(client, buildIncidentUpdate(nextId(), header.id, incident, atMs));
        return header.id;
      });
      return readStored(id);
    },

    async update(id, change) {
      await inTransaction(pool, async (client) => {
        // FOR UPDATE: two instances changing one incident apply their changes one after the other.
        const { rows } = await client.query(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = $1 FOR UPDATE`, [id]);
        if (rows[0] === undefined) throw new NotFoundError(`No incident with id ${id}`);
        const atMs = change.at ?? clock.now();
        const next = applyIncidentChange(toHeader(rows[0]), change, atMs);
        await client.query(
          `UPDATE incidents SET title = $2, status = $3, impact = $4, component_ids = $5, created_at = $6, updated_at = $7,
             resolved_at = $8, automatic = $9, postmortem = $10, open_key = CASE WHEN $11::boolean THEN NULL ELSE open_key END WHERE id = $1`,
          [...headerValues(next), isClosedStatus(next.status)],
        );
        await insertUpdate(client, buildIncidentUpdate(nextId(), id, change, atMs));
      });
      return readStored(id);
    },

    get: readIncident,

    async list(options = {}) {
      const limit = normalizeLimit(options.limit);
      const { rows } = await query(
        pool,
        `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE $1::bigint IS NULL OR created_at >= $1::bigint
         ORDER BY created_at DESC, id DESC LIMIT $2::bigint`,
        [options.since ?? null, limit ?? null],
      );
      return withTimelines(rows.map(toHeader));
    },

    async findOpen(openKey) {
      const { rows } = await query(pool, `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE open_key = $1`, [openKey]);
      return rows[0] === undefined ? undefined : (await withTimelines([toHeader(rows[0])]))[0];
    },

    async listUnresolved() {
      const { rows } = await query(pool, `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE status NOT IN ('resolved', 'postmortem') ORDER BY created_at DESC, id DESC`);
      return withTimelines(rows.map(toHeader));
    },
  };
}
