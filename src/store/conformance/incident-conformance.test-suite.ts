import { describe, expect, it } from 'vitest';
import type { IncidentChange, LifelineStore, NewIncident } from '../store.js';

/** A new incident with sensible defaults; tests override what they look at. */
function newIncident(overrides: Partial<NewIncident> = {}): NewIncident {
  return {
    title: 'Elevated errors on anthropic',
    status: 'investigating',
    impact: 'major',
    componentIds: ['provider:anthropic'],
    automatic: true,
    body: '42% of requests failed with overloaded (529) over 60 s',
    at: 1_000_000,
    ...overrides,
  };
}

function change(overrides: Partial<IncidentChange> = {}): IncidentChange {
  return { status: 'identified', body: 'Only claude-sonnet-4 is affected', automatic: false, ...overrides };
}

/** Incident repository cases of the store conformance suite. */
export function describeIncidentConformance(currentStore: () => LifelineStore): void {
  describe('incidents', () => {
    it('creates an incident with its first update and reads it back', async () => {
      const created = await currentStore().incidents.create(
        newIncident({ affectedComponents: [{ id: 'provider:anthropic', status: 'major_outage' }] }),
      );
      expect(created).toMatchObject({
        title: 'Elevated errors on anthropic',
        status: 'investigating',
        impact: 'major',
        componentIds: ['provider:anthropic'],
        automatic: true,
        createdAt: 1_000_000,
        updatedAt: 1_000_000,
      });
      expect(created.resolvedAt).toBeUndefined();
      expect(created.id).toMatch(/^[0-9a-z]+$/);
      expect(created.updates).toEqual([
        {
          id: expect.any(String),
          incidentId: created.id,
          status: 'investigating',
          body: '42% of requests failed with overloaded (529) over 60 s',
          createdAt: 1_000_000,
          automatic: true,
          affectedComponents: [{ id: 'provider:anthropic', status: 'major_outage' }],
        },
      ]);
      expect(await currentStore().incidents.get(created.id)).toEqual(created);
    });

    it('stamps an incident without `at` with the current time', async () => {
      const beforeMs = Date.now();
      const created = await currentStore().incidents.create(newIncident({ at: undefined }));
      expect(created.createdAt).toBeGreaterThanOrEqual(beforeMs);
      expect(created.createdAt).toBeLessThanOrEqual(Date.now());
      expect(created.updates[0]?.createdAt).toBe(created.createdAt);
    });

    it('gives every incident and update a distinct id', async () => {
      const first = await currentStore().incidents.create(newIncident());
      const second = await currentStore().incidents.create(newIncident());
      const updated = await currentStore().incidents.update(first.id, change({ at: 1_000_001 }));
      const ids = [first.id, second.id, ...second.updates.map((update) => update.id), ...updated.updates.map((update) => update.id)];
      expect(new Set(ids).size).toBe(5);
    });

    it('returns undefined for an unknown id', async () => {
      expect(await currentStore().incidents.get('nope')).toBeUndefined();
    });

    it('applies a change and appends it to the timeline', async () => {
      const created = await currentStore().incidents.create(newIncident());
      const updated = await currentStore().incidents.update(
        created.id,
        change({
          at: 1_060_000,
          impact: 'minor',
          componentIds: ['target:anthropic/claude-sonnet-4'],
          title: 'Errors on claude-sonnet-4',
          affectedComponents: [{ id: 'target:anthropic/claude-sonnet-4', status: 'partial_outage' }],
        }),
      );
      expect(updated).toMatchObject({
        id: created.id,
        title: 'Errors on claude-sonnet-4',
        status: 'identified',
        impact: 'minor',
        componentIds: ['target:anthropic/claude-sonnet-4'],
        createdAt: 1_000_000,
        updatedAt: 1_060_000,
        automatic: true,
      });
      expect(updated.updates.map((update) => update.status)).toEqual(['investigating', 'identified']);
      expect(updated.updates[1]).toMatchObject({
        incidentId: created.id,
        body: 'Only claude-sonnet-4 is affected',
        automatic: false,
        createdAt: 1_060_000,
        affectedComponents: [{ id: 'target:anthropic/claude-sonnet-4', status: 'partial_outage' }],
      });
      expect(await currentStore().incidents.get(created.id)).toEqual(updated);
    });

    it('keeps fields a change leaves undefined', async () => {
      const created = await currentStore().incidents.create(newIncident());
      const updated = await currentStore().incidents.update(created.id, change({ at: 1_000_500 }));
      expect(updated).toMatchObject({ title: created.title, impact: 'major', componentIds: ['provider:anthropic'] });
      expect(updated.postmortem).toBeUndefined();
      expect(updated.updates[1]?.affectedComponents).toBeUndefined();
    });

    it('stamps a change without `at` with the current time', async () => {
      const created = await currentStore().incidents.create(newIncident({ at: Date.now() - 1_000 }));
      const beforeMs = Date.now();
      const updated = await currentStore().incidents.update(created.id, change({ at: undefined }));
      expect(updated.updatedAt).toBeGreaterThanOrEqual(beforeMs);
      expect(updated.updates[1]?.createdAt).toBe(updated.updatedAt);
    });

    it('orders the timeline by time, then by insertion for equal times', async () => {
      const created = await currentStore().incidents.create(newIncident({ at: 1_000 }));
      await currentStore().incidents.update(created.id, change({ at: 3_000, body: 'third' }));
      await currentStore().incidents.update(created.id, change({ at: 2_000, body: 'second' }));
      await currentStore().incidents.update(created.id, change({ at: 3_000, body: 'fourth' }));
      const stored = await currentStore().incidents.get(created.id);
      expect(stored?.updates.map((update) => update.body)).toEqual([created.updates[0]?.body, 'second', 'third', 'fourth']);
    });

    it('rejects a change to an unknown incident with NOT_FOUND and writes nothing', async () => {
      await expect(currentStore().incidents.update('missing', change())).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await currentStore().incidents.list()).toEqual([]);
    });

    it('sets resolvedAt on resolve, keeps it through the postmortem, clears it on re-open', async () => {
      const created = await currentStore().incidents.create(newIncident());
      const resolved = await currentStore().incidents.update(created.id, change({ status: 'resolved', at: 1_300_000 }));
      expect(resolved.resolvedAt).toBe(1_300_000);
      const postmortem = await currentStore().incidents.update(
        created.id,
        change({ status: 'postmortem', at: 1_900_000, postmortem: 'The upstream region was overloaded.' }),
      );
      expect(postmortem).toMatchObject({ resolvedAt: 1_300_000, postmortem: 'The upstream region was overloaded.', updatedAt: 1_900_000 });
      const reopened = await currentStore().incidents.update(created.id, change({ status: 'investigating', at: 2_000_000 }));
      expect(reopened.resolvedAt).toBeUndefined();
      expect(reopened.postmortem).toBe('The upstream region was overloaded.');
    });

    it('sets resolvedAt on an incident created already resolved', async () => {
      const created = await currentStore().incidents.create(newIncident({ status: 'resolved', automatic: false }));
      expect(created.resolvedAt).toBe(1_000_000);
      expect(await currentStore().incidents.listUnresolved()).toEqual([]);
    });

    it('lists newest first with updates, honouring limit and since (inclusive)', async () => {
      const oldest = await currentStore().incidents.create(newIncident({ at: 1_000, title: 'oldest' }));
      const middle = await currentStore().incidents.create(newIncident({ at: 2_000, title: 'middle' }));
      const newest = await currentStore().incidents.create(newIncident({ at: 3_000, title: 'newest' }));
      await currentStore().incidents.update(oldest.id, change({ at: 4_000 }));

      const all = await currentStore().incidents.list();
      expect(all.map((incident) => incident.title)).toEqual(['newest', 'middle', 'oldest']);
      expect(all[2]?.updates).toHaveLength(2);
      expect((await currentStore().incidents.list({ limit: 2 })).map((incident) => incident.id)).toEqual([newest.id, middle.id]);
      expect((await currentStore().incidents.list({ since: 2_000 })).map((incident) => incident.id)).toEqual([newest.id, middle.id]);
      expect((await currentStore().incidents.list({ since: 2_000, limit: 1 })).map((incident) => incident.id)).toEqual([newest.id]);
      expect(await currentStore().incidents.list({ limit: 0 })).toEqual([]);
      expect(await currentStore().incidents.list({ since: 3_001 })).toEqual([]);
    });

    it('lists incidents created in the same millisecond latest-created first', async () => {
      const first = await currentStore().incidents.create(newIncident({ at: 5_000 }));
      const second = await currentStore().incidents.create(newIncident({ at: 5_000 }));
      expect((await currentStore().incidents.list()).map((incident) => incident.id)).toEqual([second.id, first.id]);
    });

    it('lists unresolved incidents newest first, leaving out resolved and postmortem ones', async () => {
      const investigating = await currentStore().incidents.create(newIncident({ at: 1_000 }));
      const monitoring = await currentStore().incidents.create(newIncident({ at: 2_000 }));
      const resolved = await currentStore().incidents.create(newIncident({ at: 3_000 }));
      const postmortem = await currentStore().incidents.create(newIncident({ at: 4_000 }));
      await currentStore().incidents.update(monitoring.id, change({ status: 'monitoring', at: 5_000 }));
      await currentStore().incidents.update(resolved.id, change({ status: 'resolved', at: 5_000 }));
      await currentStore().incidents.update(postmortem.id, change({ status: 'postmortem', at: 5_000 }));

      const unresolved = await currentStore().incidents.listUnresolved();
      expect(unresolved.map((incident) => incident.id)).toEqual([monitoring.id, investigating.id]);
      expect(unresolved[0]?.updates).toHaveLength(2);
    });

    it('hands out copies: editing a returned incident changes nothing stored', async () => {
      const created = await currentStore().incidents.create(newIncident());
      created.title = 'edited';
      created.componentIds.push('provider:openai');
      created.updates.push({ ...created.updates[0]!, id: 'fake' });
      const stored = await currentStore().incidents.get(created.id);
      expect(stored?.title).toBe('Elevated errors on anthropic');
      expect(stored?.componentIds).toEqual(['provider:anthropic']);
      expect(stored?.updates).toHaveLength(1);
    });

    it('opens one incident per open key when several writers race, and finds it by that key', async () => {
      const store = currentStore();
      const openKey = 'automatic:provider:anthropic';
      const outcomes = await Promise.allSettled([1, 2, 3].map((writer) => store.incidents.create(newIncident({ openKey, body: `writer ${writer}` }))));
      const created = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const refused = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(created).toHaveLength(1);
      expect(refused).toHaveLength(2);
      for (const outcome of refused) expect(outcome.reason).toMatchObject({ code: 'CONFLICT', statusCode: 409 });
      const winner = (created[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof store.incidents.create>>>).value;
      expect((await store.incidents.findOpen(openKey))?.id).toBe(winner.id);
      expect(await store.incidents.listUnresolved()).toHaveLength(1);
      // Other keys and incidents without a key are not held back.
      await store.incidents.create(newIncident({ openKey: 'automatic:provider:openai' }));
      await store.incidents.create(newIncident());
      expect(await store.incidents.findOpen('automatic:provider:none')).toBeUndefined();
    });

    it('releases the open key when the incident closes, so the next outage opens a new one', async () => {
      const store = currentStore();
      const openKey = 'automatic:provider:anthropic';
      const first = await store.incidents.create(newIncident({ openKey }));
      await store.incidents.update(first.id, change({ status: 'resolved', automatic: true }));
      expect(await store.incidents.findOpen(openKey)).toBeUndefined();
      const second = await store.incidents.create(newIncident({ openKey, at: 2_000_000 }));
      expect(second.id).not.toBe(first.id);
      expect((await store.incidents.findOpen(openKey))?.id).toBe(second.id);
      // Re-opening the old incident does not take the key back from the new one.
      await store.incidents.update(first.id, change({ status: 'investigating' }));
      expect((await store.incidents.findOpen(openKey))?.id).toBe(second.id);
    });
  });
}
