import { describe, expect, it } from 'vitest';
import type { LifelineStore, WebhookDelivery } from '../store.js';

function delivery(overrides: Partial<Omit<WebhookDelivery, 'id'>> = {}): Omit<WebhookDelivery, 'id'> {
  return {
    webhook: 'ops-slack',
    event: 'incident.opened',
    incidentId: 'inc1',
    payload: '{"text":"anthropic: major outage"}',
    state: 'pending',
    attempts: 0,
    createdAt: 10_000,
    ...overrides,
  };
}

/** Webhook delivery repository cases of the store conformance suite. */
export function describeWebhookConformance(currentStore: () => LifelineStore): void {
  describe('webhook deliveries', () => {
    it('creates a delivery with a fresh id and lists it', async () => {
      const created = await currentStore().webhooks.create(delivery({ nextAttemptAt: 10_000 }));
      expect(created).toEqual({ ...delivery({ nextAttemptAt: 10_000 }), id: expect.stringMatching(/^[0-9a-z]+$/) });
      const other = await currentStore().webhooks.create(delivery());
      expect(other.id).not.toBe(created.id);
      expect(await currentStore().webhooks.list()).toEqual([other, created]);
    });

    it('prunes finished deliveries created before the cutoff and keeps pending ones, however old', async () => {
      const webhooks = currentStore().webhooks;
      const oldDelivered = await webhooks.create(delivery({ state: 'delivered', createdAt: 1_000, deliveredAt: 1_100 }));
      const oldFailed = await webhooks.create(delivery({ state: 'failed', createdAt: 2_000 }));
      const oldPending = await webhooks.create(delivery({ state: 'pending', createdAt: 3_000 }));
      const recentDelivered = await webhooks.create(delivery({ state: 'delivered', createdAt: 9_000, deliveredAt: 9_100 }));
      expect(await webhooks.prune(5_000)).toBe(2);
      const left = (await webhooks.list()).map((entry) => entry.id);
      expect(left).toEqual([recentDelivered.id, oldPending.id]);
      expect(left).not.toContain(oldDelivered.id);
      expect(left).not.toContain(oldFailed.id);
      expect(await webhooks.prune(5_000)).toBe(0);
    });

    it('applies an update, keeps absent fields and clears optional fields set to undefined', async () => {
      const created = await currentStore().webhooks.create(delivery({ nextAttemptAt: 10_000 }));
      const failedOnce = await currentStore().webhooks.update(created.id, {
        attempts: 1,
        lastStatus: 503,
        lastError: 'HTTP 503 from receiver',
        nextAttemptAt: 12_000,
      });
      expect(failedOnce).toEqual({ ...created, attempts: 1, lastStatus: 503, lastError: 'HTTP 503 from receiver', nextAttemptAt: 12_000 });

      const delivered = await currentStore().webhooks.update(created.id, {
        state: 'delivered',
        attempts: 2,
        lastStatus: 200,
        lastError: undefined,
        nextAttemptAt: undefined,
        deliveredAt: 12_050,
      });
      expect(delivered).toEqual({ ...created, state: 'delivered', attempts: 2, lastStatus: 200, deliveredAt: 12_050, nextAttemptAt: undefined });
      expect(delivered.nextAttemptAt).toBeUndefined();
      expect(delivered.lastError).toBeUndefined();
      expect(await currentStore().webhooks.list()).toEqual([delivered]);
    });

    it('keeps required fields given as undefined', async () => {
      const created = await currentStore().webhooks.create(delivery());
      const updated = await currentStore().webhooks.update(created.id, { state: undefined, attempts: 3 });
      expect(updated).toMatchObject({ state: 'pending', attempts: 3, webhook: 'ops-slack' });
    });

    it('rejects an update to an unknown delivery with NOT_FOUND', async () => {
      await expect(currentStore().webhooks.update('missing', { attempts: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('lists newest first, filtered by state and limited', async () => {
      const oldest = await currentStore().webhooks.create(delivery({ createdAt: 1_000 }));
      const failed = await currentStore().webhooks.create(delivery({ createdAt: 2_000, state: 'failed', attempts: 5 }));
      const newest = await currentStore().webhooks.create(delivery({ createdAt: 3_000, event: 'incident.resolved' }));
      const sameTime = await currentStore().webhooks.create(delivery({ createdAt: 3_000 }));

      expect((await currentStore().webhooks.list()).map((entry) => entry.id)).toEqual([sameTime.id, newest.id, failed.id, oldest.id]);
      expect((await currentStore().webhooks.list({ limit: 2 })).map((entry) => entry.id)).toEqual([sameTime.id, newest.id]);
      expect((await currentStore().webhooks.list({ state: 'pending' })).map((entry) => entry.id)).toEqual([sameTime.id, newest.id, oldest.id]);
      expect((await currentStore().webhooks.list({ state: 'failed' })).map((entry) => entry.id)).toEqual([failed.id]);
      expect(await currentStore().webhooks.list({ state: 'delivered' })).toEqual([]);
      expect(await currentStore().webhooks.list({ limit: 0 })).toEqual([]);
    });

    it('returns pending deliveries due now, soonest first', async () => {
      const dueLater = await currentStore().webhooks.create(delivery({ createdAt: 1_000, nextAttemptAt: 5_000 }));
      const neverTried = await currentStore().webhooks.create(delivery({ createdAt: 2_000 }));
      const dueExactly = await currentStore().webhooks.create(delivery({ createdAt: 1_500, nextAttemptAt: 6_000 }));
      await currentStore().webhooks.create(delivery({ createdAt: 1_000, nextAttemptAt: 6_001 }));
      await currentStore().webhooks.create(delivery({ createdAt: 1_000, state: 'delivered', deliveredAt: 1_100 }));
      await currentStore().webhooks.create(delivery({ createdAt: 1_000, state: 'failed', nextAttemptAt: 1_000 }));

      expect((await currentStore().webhooks.due(6_000)).map((entry) => entry.id)).toEqual([neverTried.id, dueLater.id, dueExactly.id]);
      expect(await currentStore().webhooks.due(999)).toEqual([]);
    });

    it('hands out copies: editing a returned delivery changes nothing stored', async () => {
      const created = await currentStore().webhooks.create(delivery());
      created.attempts = 99;
      expect((await currentStore().webhooks.list())[0]?.attempts).toBe(0);
    });
  });
}
