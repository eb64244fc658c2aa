import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory/memory-store.js';
import type { DeferredJob } from '../store/store.js';
import { JobRunner } from './job-runner.js';
import type { JobRunResult } from './run-job.js';

const silent = { warn: () => undefined, info: () => undefined, debug: () => undefined };

/** A run the test finishes by hand. */
interface HeldRun {
  job: DeferredJob;
  signal: AbortSignal;
  finish(result: JobRunResult): void;
}

function harness(options: { concurrency?: number; ready?: () => string[] } = {}) {
  const store = createMemoryStore();
  const held: HeldRun[] = [];
  const finished: DeferredJob[] = [];
  const runner = new JobRunner({
    jobs: store.deferredJobs,
    owner: 'test-instance',
    concurrency: options.concurrency ?? 2,
    leaseMs: 60_000,
    pollMs: 60_000,
    readyRoutes: options.ready ?? (() => ['claude-*', 'gpt-*']),
    run: (job, signal) => new Promise<JobRunResult>((resolve) => held.push({ job, signal, finish: resolve })),
    onFinished: (job) => finished.push(job),
    logger: silent,
  });
  const add = (route: string, createdAt: number) => store.deferredJobs.create({ protocol: 'anthropic', body: `{"n":${createdAt}}`, route, createdAt, expiresAt: Date.now() + 60_000 });
  const settle = async () => {
    for (let round = 0; round < 20; round++) await new Promise((resolve) => setImmediate(resolve));
  };
  return { store, held, finished, runner, add, settle };
}

const answered: JobRunResult = { kind: 'answered', status: 200, result: '{"type":"message"}', model: 'claude-x', target: 'primary/claude-x' };

describe('JobRunner', () => {
  it('runs the oldest jobs first, never more than its concurrency at once', async () => {
    const { held, finished, runner, add, settle, store } = harness({ concurrency: 2 });
    const jobs = [await add('claude-*', 3), await add('claude-*', 1), await add('claude-*', 2)];
    runner.start();
    await settle();
    expect(held.map((run) => run.job.id)).toEqual([jobs[1]!.id, jobs[2]!.id]);
    held[0]!.finish(answered);
    await settle();
    expect(held.map((run) => run.job.id)).toEqual([jobs[1]!.id, jobs[2]!.id, jobs[0]!.id]);
    held[1]!.finish(answered);
    held[2]!.finish(answered);
    await settle();
    expect(finished.map((job) => job.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(await store.deferredJobs.get(jobs[1]!.id)).toMatchObject({ status: 'succeeded', result: '{"type":"message"}', resultStatus: 200, attempts: 1 });
    await runner.stop();
  });

  it('after a run fails for an outage, gives its route one trial at a time until one succeeds', async () => {
    const { held, runner, add, settle, store } = harness({ concurrency: 4 });
    for (let index = 0; index < 6; index++) await add('claude-*', index);
    runner.start();
    await settle();
    expect(held).toHaveLength(4);
    held[0]!.finish({ kind: 'outage', message: 'overloaded' });
    await settle();
    // The outage put the route on trials: nothing new starts while its other runs are still out.
    expect(held).toHaveLength(4);
    for (const run of held.slice(1, 4)) run.finish({ kind: 'outage', message: 'overloaded' });
    await settle();
    // One trial, the oldest job (given back with its error and its attempt counted).
    expect(held).toHaveLength(5);
    expect(held[4]!.job.id).toBe(held[0]!.job.id);
    expect(held[4]!.job).toMatchObject({ attempts: 2, lastError: 'overloaded' });
    held[4]!.finish(answered);
    await settle();
    // A success lifts the trial: the rest of the queue goes at full concurrency again.
    expect(held).toHaveLength(9);
    for (const run of held.slice(5)) run.finish(answered);
    await runner.stop();
  });

  it('claims nothing for a route none of whose targets is ready', async () => {
    const { held, runner, add, settle } = harness({ ready: () => ['gpt-*'] });
    await add('claude-*', 1);
    const gpt = await add('gpt-*', 2);
    runner.start();
    await settle();
    expect(held.map((run) => run.job.id)).toEqual([gpt.id]);
    held[0]!.finish(answered);
    await runner.stop();
  });

  it('records a final failure with its error envelope, and gives running jobs back when stopped', async () => {
    const { held, finished, runner, add, settle, store } = harness({ concurrency: 2 });
    const failing = await add('claude-*', 1);
    const running = await add('claude-*', 2);
    runner.start();
    await settle();
    held[0]!.finish({ kind: 'failed', status: 400, result: '{"type":"error"}', message: 'invalid' });
    await settle();
    expect(finished.map((job) => [job.id, job.status])).toEqual([[failing.id, 'failed']]);
    expect(await store.deferredJobs.get(failing.id)).toMatchObject({ status: 'failed', resultStatus: 400, lastError: 'invalid' });
    const stopping = runner.stop();
    expect(held[1]!.signal.aborted).toBe(true);
    held[1]!.finish({ kind: 'outage', message: 'the run was stopped' });
    await stopping;
    expect(await store.deferredJobs.get(running.id)).toMatchObject({ status: 'queued', attempts: 1 });
    expect(await store.deferredJobs.get(running.id)).not.toHaveProperty('leaseOwner');
  });
});
