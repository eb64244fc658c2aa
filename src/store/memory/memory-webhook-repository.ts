import { NotFoundError } from '../../errors/index.js';
import { applyDeliveryChange, compactDelivery, type DeliveryChange } from '../delivery-change.js';
import { normalizeLimit } from '../list-limit.js';
import type { WebhookDelivery, WebhookDeliveryRepository } from '../store.js';

/** When a pending delivery is due: its retry time, or at once when it has none. */
function dueAt(delivery: WebhookDelivery): number {
  return delivery.nextAttemptAt ?? delivery.createdAt;
}

function compareIds(first: string, second: string): number {
  return first < second ? -1 : first > second ? 1 : 0;
}

/** In-memory webhook deliveries; hands out copies. */
export function createMemoryWebhookRepository(nextId: () => string, assertOpen: () => void): WebhookDeliveryRepository {
  const deliveries = new Map<string, WebhookDelivery>();

  return {
    async create(delivery: Omit<WebhookDelivery, 'id'>) {
      assertOpen();
      const stored = compactDelivery({ ...delivery, id: nextId() });
      deliveries.set(stored.id, stored);
      return { ...stored };
    },

    async update(id: string, change: DeliveryChange) {
      assertOpen();
      const current = deliveries.get(id);
      if (current === undefined) throw new NotFoundError(`No webhook delivery with id ${id}`);
      const stored = applyDeliveryChange(current, change);
      deliveries.set(id, stored);
      return { ...stored };
    },

    async list(options = {}) {
      assertOpen();
      const state = options.state;
      const sorted = [...deliveries.values()]
        .filter((delivery) => state === undefined || delivery.state === state)
        .sort((first, second) => second.createdAt - first.createdAt || compareIds(second.id, first.id));
      const limit = normalizeLimit(options.limit);
      return (limit === undefined ? sorted : sorted.slice(0, limit)).map((delivery) => ({ ...delivery }));
    },

    async due(now: number) {
      assertOpen();
      return [...deliveries.values()]
        .filter((delivery) => delivery.state === 'pending' && dueAt(delivery) <= now)
        .sort((first, second) => dueAt(first) - dueAt(second) || compareIds(first.id, second.id))
        .map((delivery) => ({ ...delivery }));
    },

    async prune(beforeMs: number) {
      assertOpen();
      let removed = 0;
      for (const [id, delivery] of deliveries) {
        if (delivery.state !== 'pending' && delivery.createdAt < beforeMs && deliveries.delete(id)) removed += 1;
      }
      return removed;
    },
  };
}
