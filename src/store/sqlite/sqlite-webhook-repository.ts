import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { NotFoundError } from '../../errors/index.js';
import { applyDeliveryChange, compactDelivery, type DeliveryChange } from '../delivery-change.js';
import { normalizeLimit } from '../list-limit.js';
import type { WebhookDelivery, WebhookDeliveryRepository } from '../store.js';
import { toNullable } from './row-schemas.js';

const deliveryRowSchema = z.object({
  id: z.string(),
  webhook: z.string(),
  event: z.enum(['incident.opened', 'incident.updated', 'incident.resolved']),
  incident_id: z.string(),
  payload: z.string(),
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  last_status: z.number().nullable(),
  last_error: z.string().nullable(),
  next_attempt_at: z.number().nullable(),
  created_at: z.number(),
  delivered_at: z.number().nullable(),
});

/** Delivery columns in table order, shared with the PostgreSQL store. */
export const DELIVERY_COLUMNS =
  'id, webhook, event, incident_id, payload, state, attempts, last_status, last_error, next_attempt_at, created_at, delivered_at';

/** A `webhook_deliveries` row (SQLite's or PostgreSQL's) as a delivery. */
export function toDelivery(row: unknown): WebhookDelivery {
  const parsed = deliveryRowSchema.parse(row);
  return compactDelivery({
    id: parsed.id,
    webhook: parsed.webhook,
    event: parsed.event,
    incidentId: parsed.incident_id,
    payload: parsed.payload,
    state: parsed.state,
    attempts: parsed.attempts,
    lastStatus: parsed.last_status ?? undefined,
    lastError: parsed.last_error ?? undefined,
    nextAttemptAt: parsed.next_attempt_at ?? undefined,
    createdAt: parsed.created_at,
    deliveredAt: parsed.delivered_at ?? undefined,
  });
}

function toParameters(delivery: WebhookDelivery) {
  return {
    id: delivery.id,
    webhook: delivery.webhook,
    event: delivery.event,
    incident_id: delivery.incidentId,
    payload: delivery.payload,
    state: delivery.state,
    attempts: delivery.attempts,
    last_status: toNullable(delivery.lastStatus),
    last_error: toNullable(delivery.lastError),
    next_attempt_at: toNullable(delivery.nextAttemptAt),
    created_at: delivery.createdAt,
    delivered_at: toNullable(delivery.deliveredAt),
  };
}

/** Webhook deliveries in SQLite, so pending retries survive a restart. */
export function createSqliteWebhookRepository(database: Database, nextId: () => string): WebhookDeliveryRepository {
  const insert = database.prepare(
    `INSERT INTO webhook_deliveries (${DELIVERY_COLUMNS}) VALUES (@id, @webhook, @event, @incident_id, @payload, @state,
       @attempts, @last_status, @last_error, @next_attempt_at, @created_at, @delivered_at)`,
  );
  // The whole row is rewritten: the merge rules live in applyDeliveryChange, shared with memory/.
  const rewrite = database.prepare(
    `UPDATE webhook_deliveries SET webhook = @webhook, event = @event, incident_id = @incident_id, payload = @payload,
       state = @state, attempts = @attempts, last_status = @last_status, last_error = @last_error,
       next_attempt_at = @next_attempt_at, created_at = @created_at, delivered_at = @delivered_at
     WHERE id = @id`,
  );
  const selectOne = database.prepare<[string]>(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = ?`);
  const selectRecent = database.prepare<{ state: string | null; limit: number }>(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE @state IS NULL OR state = @state
     ORDER BY created_at DESC, id DESC LIMIT @limit`,
  );
  // A pending delivery without a retry time is due at once (it was never tried).
  const selectDue = database.prepare<[number]>(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries
     WHERE state = 'pending' AND COALESCE(next_attempt_at, created_at) <= ?
     ORDER BY COALESCE(next_attempt_at, created_at), id`,
  );
  const deleteFinishedBefore = database.prepare<[number]>(`DELETE FROM webhook_deliveries WHERE state <> 'pending' AND created_at < ?`);

  const updateTransaction = database.transaction((id: string, change: DeliveryChange): WebhookDelivery => {
    const row = selectOne.get(id);
    if (row === undefined) throw new NotFoundError(`No webhook delivery with id ${id}`);
    const next = applyDeliveryChange(toDelivery(row), change);
    rewrite.run(toParameters(next));
    return next;
  });

  return {
    async create(delivery: Omit<WebhookDelivery, 'id'>) {
      const stored = compactDelivery({ ...delivery, id: nextId() });
      insert.run(toParameters(stored));
      return stored;
    },
    async update(id: string, change: DeliveryChange) {
      return updateTransaction(id, change);
    },
    async list(options = {}) {
      const rows = selectRecent.all({ state: toNullable(options.state), limit: normalizeLimit(options.limit) ?? -1 });
      return rows.map(toDelivery);
    },
    async due(now: number) {
      return selectDue.all(now).map(toDelivery);
    },
    async prune(beforeMs: number) {
      return deleteFinishedBefore.run(beforeMs).changes;
    },
  };
}
