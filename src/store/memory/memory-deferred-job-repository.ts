import { compactJob, emptyStatusCounts, newJobRecord } from '../deferred-job-record.js';
import { FINAL_JOB_STATUSES, type DeferredJob, type DeferredJobRepository } from '../store.js';

function byAge(first: DeferredJob, second: DeferredJob): number {
  return first.createdAt - second.createdAt || (first.id < second.id ? -1 : first.id > second.id ? 1 : 0);
}

/** In-memory deferred jobs; one process, so a claim is simply synchronous. Hands out copies. */
export function createMemoryDeferredJobRepository(assertOpen: () => void): DeferredJobRepository {
  const jobs = new Map<string, DeferredJob>();
  const held = (id: string, owner: string): DeferredJob | undefined => {
    const job = jobs.get(id);
    return job?.status === 'running' && job.leaseOwner === owner ? job : undefined;
  };
  const put = (job: DeferredJob): DeferredJob => {
    const clean = compactJob(job);
    jobs.set(clean.id, clean);
    return { ...clean };
  };

  return {
    async create(job) {
      assertOpen();
      return put(newJobRecord(job));
    },
    async get(id) {
      assertOpen();
      const job = jobs.get(id);
      return job ? { ...job } : undefined;
    },
    async claim({ owner, now, leaseMs, limit, routes }) {
      assertOpen();
      const claimable = [...jobs.values()]
        .filter((job) => job.expiresAt > now && (routes === undefined || routes.includes(job.route)))
        .filter((job) => job.status === 'queued' || (job.status === 'running' && (job.leaseExpiresAt ?? 0) <= now))
        .sort(byAge)
        .slice(0, Math.max(0, limit));
      return claimable.map((job) => put({ ...job, status: 'running', leaseOwner: owner, leaseExpiresAt: now + leaseMs, attempts: job.attempts + 1 }));
    },
    async renew(id, owner, leaseExpiresAt) {
      assertOpen();
      const job = held(id, owner);
      if (!job) return false;
      put({ ...job, leaseExpiresAt });
      return true;
    },
    async finish(id, owner, outcome) {
      assertOpen();
      const job = held(id, owner);
      if (!job) return false;
      put({ ...job, ...outcome, leaseOwner: undefined, leaseExpiresAt: undefined, callbackDueAt: job.callbackState === 'pending' ? outcome.finishedAt : undefined } as DeferredJob);
      return true;
    },
    async release(id, owner, lastError) {
      assertOpen();
      const job = held(id, owner);
      if (!job) return false;
      put({ ...job, status: 'queued', leaseOwner: undefined, leaseExpiresAt: undefined, ...(lastError !== undefined ? { lastError } : {}) } as DeferredJob);
      return true;
    },
    async expire(now) {
      assertOpen();
      let count = 0;
      for (const job of jobs.values()) {
        if (FINAL_JOB_STATUSES.has(job.status) || job.expiresAt > now) continue;
        // A run under a live lease is left to finish: its answer is better than an expiry.
        if (job.status === 'running' && (job.leaseExpiresAt ?? 0) > now) continue;
        put({ ...job, status: 'expired', finishedAt: now, leaseOwner: undefined, leaseExpiresAt: undefined, callbackDueAt: job.callbackState === 'pending' ? now : undefined } as DeferredJob);
        count += 1;
      }
      return count;
    },
    async claimCallbacks({ now, leaseMs, limit }) {
      assertOpen();
      const due = [...jobs.values()]
        .filter((job) => job.callbackState === 'pending' && job.callbackDueAt !== undefined && job.callbackDueAt <= now)
        .sort((first, second) => first.callbackDueAt! - second.callbackDueAt! || byAge(first, second))
        .slice(0, Math.max(0, limit));
      return due.map((job) => put({ ...job, callbackDueAt: now + leaseMs }));
    },
    async recordCallback(id, state, attempts, nextDueAt) {
      assertOpen();
      const job = jobs.get(id);
      if (job) put({ ...job, callbackState: state, callbackAttempts: attempts, callbackDueAt: nextDueAt } as DeferredJob);
    },
    async countByStatus() {
      assertOpen();
      const counts = emptyStatusCounts();
      for (const job of jobs.values()) counts[job.status] += 1;
      return counts;
    },
    async prune(beforeMs) {
      assertOpen();
      let count = 0;
      for (const job of [...jobs.values()]) {
        if (FINAL_JOB_STATUSES.has(job.status) && (job.finishedAt ?? job.createdAt) < beforeMs) {
          jobs.delete(job.id);
          count += 1;
        }
      }
      return count;
    },
  };
}
