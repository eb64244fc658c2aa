import type pg from 'pg';
import { NotFoundError } from '../../errors/index.js';
import { applyDeliveryChange, compactDelivery } from '../delivery-change.js';
import { normalizeLimit } from '../list-limit.js';
import { DELIVERY_COLUMNS, toDelivery } from '../sqlite/sqlite-webhook-repository.js';
import type { WebhookDelivery, WebhookDeliveryRepository } from '../store.js';
import { inTransaction, query } from './postgres-pool.js';

function deliveryValues(delivery: WebhookDelivery): unknown[] {
  return [
    delivery.id,
    delivery.webhook,
    delivery.event,
    delivery.incidentId,
    delivery.payload,
    delivery.state,
    delivery.attempts,
    delivery.lastStatus ?? null,
    delivery.lastError ?? null,
    delivery.nextAttemptAt ?? null,
    delivery.createdAt,
    delivery.deliveredAt ?? null,
  ];
}

/** Webhook deliveries in PostgreSQL, so pending retries survive a restart of any instance. */
export function createPostgresWebhookRepository(pool: pg.Pool, nextId: () => string): WebhookDeliveryRepository {
  return {
    async create(delivery) {
      const stored = compactDelivery({ ...delivery, id: nextId() });
      await query(pool, `INSERT INTO webhook_deliveries (${DELIVERY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, deliveryValues(stored));
      return stored;
    },
    async update(id, change) {
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = $1 FOR UPDATE`, [id]);
        if (rows[0] === undefined) throw new NotFoundError(`No webhook delivery with id ${id}`);
        // The whole row is rewritten: the merge rules live in applyDeliveryChange, shared by every backend.
        const next = applyDeliveryChange(toDelivery(rows[0]), change);
        await client.query(
          `UPDATE webhook_deliveries SET webhook = $2, event = $3, incident_id = $4, payload = $5, state = $6, attempts = $7,
             last_status = $8, last_error = $9, next_attempt_at = $10, created_at = $11, delivered_at = $12 WHERE id = $1`,
          deliveryValues(next),
        );
        return next;
      });
    },
    async list(options = {}) {
      const { rows } = await query(
        pool,
        `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE $1::text IS NULL OR state = $1::text
         ORDER BY created_at DESC, id DESC LIMIT $2::bigint`,
        [options.state ?? null, normalizeLimit(options.limit) ?? null],
      );
      return rows.map(toDelivery);
    },
    async due(now) {
      const { rows } = await query(
        pool,
        `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE state = 'pending' AND COALESCE(next_attempt_at, created_at) <= $1
         ORDER BY COALESCE(next_attempt_at, created_at), id`,
        [now],
      );
      return rows.map(toDelivery);
    },
    async prune(beforeMs) {
      return (await query(pool, "DELETE FROM webhook_deliveries WHERE state <> 'pending' AND created_at < $1", [beforeMs])).rowCount ?? 0;
    },
  };
}
