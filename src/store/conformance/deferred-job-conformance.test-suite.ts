import { describe, expect, it } from 'vitest';
import type { LifelineStore, NewDeferredJob } from '../store.js';

function newJob(overrides: Partial<NewDeferredJob> = {}): NewDeferredJob {
  return {
    protocol: 'anthropic',
    body: '{"model":"claude-x","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}',
    route: 'claude-*',
    createdAt: 1_000,
    expiresAt: 100_000,
    ...overrides,
  };
}

const LEASE = { leaseMs: 5_000, limit: 10 };

/** Deferred job repository cases of the store conformance suite: claims, leases, expiry. */
export function describeDeferredJobConformance(currentStore: () => LifelineStore): void {
  describe('deferred jobs', () => {
    it('stores a queued job with an unguessable id and reads it back', async () => {
      const created = await currentStore().deferredJobs.create(newJob({ clientKey: 'ci', callbackUrl: 'http://127.0.0.1:9/hook' }));
      expect(created).toEqual({ ...newJob({ clientKey: 'ci', callbackUrl: 'http://127.0.0.1:9/hook' }), id: expect.stringMatching(/^job_[a-z2-7]{26}$/), attempts: 0, status: 'queued', callbackState: 'pending', callbackAttempts: 0 });
      expect(await currentStore().deferredJobs.get(created.id)).toEqual(created);
      expect(await currentStore().deferredJobs.get('job_unknown')).toBeUndefined();
      const plain = await currentStore().deferredJobs.create(newJob());
      expect(plain).not.toHaveProperty('clientKey');
      expect(plain).not.toHaveProperty('callbackState');
    });

    it('claims oldest first under a lease, each job once, and only the routes asked for', async () => {
      const jobs = currentStore().deferredJobs;
      const late = await jobs.create(newJob({ createdAt: 3_000 }));
      const early = await jobs.create(newJob({ createdAt: 1_000 }));
      const other = await jobs.create(newJob({ createdAt: 500, route: 'gpt-*' }));
      const first = await jobs.claim({ ...LEASE, owner: 'a', now: 10_000, limit: 1, routes: ['claude-*'] });
      expect(first).toEqual([{ ...early, status: 'running', attempts: 1, leaseOwner: 'a', leaseExpiresAt: 15_000 }]);
      const second = await jobs.claim({ ...LEASE, owner: 'b', now: 10_001, routes: ['claude-*'] });
      expect(second.map((job) => job.id)).toEqual([late.id]);
      expect(await jobs.claim({ ...LEASE, owner: 'c', now: 10_002, routes: ['claude-*'] })).toEqual([]);
      expect((await jobs.claim({ ...LEASE, owner: 'c', now: 10_003 })).map((job) => job.id)).toEqual([other.id]);
      expect(await jobs.get(early.id)).toEqual(first[0]);
    });

    it('reclaims a job whose lease ran out, and its old owner can no longer finish it', async () => {
      const jobs = currentStore().deferredJobs;
      const job = await jobs.create(newJob());
      await jobs.claim({ ...LEASE, owner: 'dead', now: 10_000 });
      expect(await jobs.claim({ ...LEASE, owner: 'b', now: 14_999 })).toEqual([]);
      expect(await jobs.renew(job.id, 'dead', 20_000)).toBe(true);
      expect(await jobs.claim({ ...LEASE, owner: 'b', now: 19_999 })).toEqual([]);
      const [taken] = await jobs.claim({ ...LEASE, owner: 'b', now: 20_000 });
      expect(taken).toMatchObject({ id: job.id, attempts: 2, leaseOwner: 'b', leaseExpiresAt: 25_000 });
      expect(await jobs.renew(job.id, 'dead', 30_000)).toBe(false);
      expect(await jobs.finish(job.id, 'dead', { status: 'succeeded', resultStatus: 200, result: '{}', finishedAt: 20_001 })).toBe(false);
      expect(await jobs.release(job.id, 'dead')).toBe(false);
      expect(await jobs.get(job.id)).toMatchObject({ status: 'running', leaseOwner: 'b' });
    });

    it('finishes a job for good: result kept, lease cleared, never claimed again', async () => {
      const jobs = currentStore().deferredJobs;
      const job = await jobs.create(newJob());
      await jobs.claim({ ...LEASE, owner: 'a', now: 10_000 });
      expect(await jobs.finish(job.id, 'a', { status: 'succeeded', resultStatus: 200, result: '{"type":"message"}', finishedAt: 10_500 })).toBe(true);
      const done = await jobs.get(job.id);
      expect(done).toEqual({ ...job, status: 'succeeded', attempts: 1, resultStatus: 200, result: '{"type":"message"}', finishedAt: 10_500 });
      expect(await jobs.claim({ ...LEASE, owner: 'b', now: 99_000 })).toEqual([]);
      expect(await jobs.finish(job.id, 'a', { status: 'failed', resultStatus: 500, result: '{}', finishedAt: 11_000 })).toBe(false);
    });

    it('gives a released job back to the queue with its error and its attempt counted', async () => {
      const jobs = currentStore().deferredJobs;
      const job = await jobs.create(newJob());
      await jobs.claim({ ...LEASE, owner: 'a', now: 10_000 });
      expect(await jobs.release(job.id, 'a', 'anthropic/claude-x: overloaded 529')).toBe(true);
      expect(await jobs.get(job.id)).toEqual({ ...job, attempts: 1, lastError: 'anthropic/claude-x: overloaded 529' });
      const [again] = await jobs.claim({ ...LEASE, owner: 'b', now: 10_001 });
      expect(again).toMatchObject({ id: job.id, attempts: 2, lastError: 'anthropic/claude-x: overloaded 529' });
    });

    it('expires unfinished jobs past their time, leaves a run under a live lease alone, and counts by status', async () => {
      const jobs = currentStore().deferredJobs;
      const taken = await jobs.create(newJob({ expiresAt: 20_000, createdAt: 1_000 }));
      const waiting = await jobs.create(newJob({ expiresAt: 20_000, createdAt: 1_001 }));
      const fresh = await jobs.create(newJob({ expiresAt: 90_000, createdAt: 1_002 }));
      expect((await jobs.claim({ ...LEASE, owner: 'a', now: 19_000, limit: 1 })).map((job) => job.id)).toEqual([taken.id]);
      expect((await jobs.claim({ ...LEASE, owner: 'b', now: 20_000 })).map((job) => job.id)).toEqual([fresh.id]);
      expect(await jobs.expire(20_000)).toBe(1);
      expect(await jobs.get(waiting.id)).toMatchObject({ status: 'expired', finishedAt: 20_000 });
      expect(await jobs.get(taken.id)).toMatchObject({ status: 'running' });
      expect(await jobs.expire(24_000)).toBe(1);
      expect(await jobs.get(taken.id)).toMatchObject({ status: 'expired', finishedAt: 24_000 });
      expect(await jobs.get(taken.id)).not.toHaveProperty('leaseOwner');
      expect(await jobs.countByStatus()).toEqual({ queued: 0, running: 1, succeeded: 0, failed: 0, expired: 2 });
    });

    it('makes a final job\'s callback due, hands it to one claimer at a time, and reschedules or clears it', async () => {
      const jobs = currentStore().deferredJobs;
      const job = await jobs.create(newJob({ callbackUrl: 'http://127.0.0.1:9/hook' }));
      const expiring = await jobs.create(newJob({ callbackUrl: 'http://127.0.0.1:9/other', createdAt: 2_000, expiresAt: 50_000 }));
      expect(await jobs.claimCallbacks({ now: 10_000, leaseMs: 1_000, limit: 10 })).toEqual([]);
      await jobs.claim({ ...LEASE, owner: 'a', now: 10_000, limit: 1 });
      await jobs.finish(job.id, 'a', { status: 'succeeded', resultStatus: 200, result: '{}', finishedAt: 10_500 });
      expect(await jobs.get(job.id)).toMatchObject({ callbackState: 'pending', callbackDueAt: 10_500 });
      expect(await jobs.claimCallbacks({ now: 10_499, leaseMs: 1_000, limit: 10 })).toEqual([]);
      const [claimed] = await jobs.claimCallbacks({ now: 10_600, leaseMs: 1_000, limit: 10 });
      expect(claimed).toMatchObject({ id: job.id, status: 'succeeded', callbackDueAt: 11_600, callbackAttempts: 0 });
      expect(await jobs.claimCallbacks({ now: 11_000, leaseMs: 1_000, limit: 10 })).toEqual([]);
      await jobs.recordCallback(job.id, 'pending', 1, 13_000);
      expect(await jobs.claimCallbacks({ now: 12_999, leaseMs: 1_000, limit: 10 })).toEqual([]);
      await jobs.expire(60_000);
      const due = await jobs.claimCallbacks({ now: 60_000, leaseMs: 1_000, limit: 10 });
      expect(due.map((entry) => [entry.id, entry.status])).toEqual([
        [job.id, 'succeeded'],
        [expiring.id, 'expired'],
      ]);
      await jobs.recordCallback(job.id, 'delivered', 2);
      expect(await jobs.get(job.id)).toMatchObject({ callbackState: 'delivered', callbackAttempts: 2 });
      expect(await jobs.get(job.id)).not.toHaveProperty('callbackDueAt');
    });

    it('records callback delivery and prunes only finished jobs', async () => {
      const jobs = currentStore().deferredJobs;
      const job = await jobs.create(newJob({ callbackUrl: 'http://127.0.0.1:9/hook' }));
      const waiting = await jobs.create(newJob({ createdAt: 0 }));
      await jobs.claim({ ...LEASE, owner: 'a', now: 10_000, limit: 1 });
      await jobs.finish(waiting.id, 'a', { status: 'failed', resultStatus: 400, result: '{}', finishedAt: 10_100, lastError: 'invalid' });
      await jobs.recordCallback(job.id, 'delivered', 2);
      expect(await jobs.get(job.id)).toMatchObject({ callbackState: 'delivered', callbackAttempts: 2 });
      await jobs.recordCallback('job_unknown', 'failed', 1);
      expect(await jobs.prune(10_100)).toBe(0);
      expect(await jobs.prune(10_101)).toBe(1);
      expect(await jobs.get(waiting.id)).toBeUndefined();
      expect(await jobs.get(job.id)).toBeDefined();
    });
  });
}
