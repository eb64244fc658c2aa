import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/simulators/index.js';
import { answersFor, cutAnswers, deferredProcessConfig, holdRunsAtProvider, jobTag, recoverSlowly, submitMany, takeDown } from '../support/deferred-jobs.js';
import { startLifelineProcess, type LifelineProcess } from '../support/lifeline-process.js';
import { waitUntil } from '../support/wait-until.js';

/**
 * Issue 10 with the embedded store: one built Lifeline on a SQLite file, every route down, 60
 * deferred requests; the providers recover; the process is killed with SIGKILL while its runs
 * wait at a provider and started again on the same file; every job completes, each answered once.
 */

const JOBS = 60;
const ANSWER_HOLD_MS = 250;

let directory: string;
let primary: SimulatorHandle;
let fallback: SimulatorHandle;
let config: string;
let databasePath: string;
const started: LifelineProcess[] = [];

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'lifeline-deferred-sqlite-'));
  primary = await startSimulator({ format: 'anthropic', name: 'primary' });
  fallback = await startSimulator({ format: 'openai', name: 'fallback' });
  databasePath = join(directory, 'lifeline.db');
  config = join(directory, 'lifeline.yaml');
  await writeFile(config, stringify(deferredProcessConfig(primary, fallback, { path: databasePath }, { lease_ms: 1_500 })));
  started.push(await startLifelineProcess(config, { timeoutMs: 30_000 }));
}, 60_000);

afterAll(async () => {
  await Promise.all(started.map((instance) => instance.stop('SIGKILL')));
  await primary?.close();
  await fallback?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

/** Reads the live file (WAL mode lets a reader in beside the writer). */
function readJobs<Row>(sql: string, ...values: unknown[]): Row[] {
  const database = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return database.prepare(sql).all(...values) as Row[];
  } finally {
    database.close();
  }
}

describe('deferred jobs on SQLite across a kill -9 and a restart (issue 10)', () => {
  it('runs every job exactly once after the process that held them was killed and started again', async () => {
    const sims = [primary, fallback];
    takeDown(primary, fallback);
    const first = started[0]!;
    const accepted = await submitMany(JOBS, 10, () => first.url);
    expect(accepted.filter((entry) => entry.status !== 202)).toEqual([]);

    recoverSlowly(sims, ANSWER_HOLD_MS);
    const countDone = () => readJobs<{ count: number }>(`SELECT COUNT(*) AS count FROM deferred_jobs WHERE status = 'succeeded'`)[0]!.count;
    await waitUntil(() => (countDone() >= JOBS / 6 ? true : undefined), { timeoutMs: 60_000, intervalMs: 50, description: 'a sixth of the jobs to succeed' });
    const held = await holdRunsAtProvider(
      sims,
      () => readJobs<{ body: string }>(`SELECT body FROM deferred_jobs WHERE status = 'running'`).map((row) => row.body),
      'runs waiting at a provider',
    );
    await first.stop('SIGKILL');
    recoverSlowly(sims, ANSWER_HOLD_MS);
    const restarted = await startLifelineProcess(config, { timeoutMs: 30_000 });
    started.push(restarted);

    await waitUntil(() => (readJobs<{ count: number }>(`SELECT COUNT(*) AS count FROM deferred_jobs WHERE status = 'succeeded'`)[0]!.count === JOBS ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 200,
      description: 'every job to succeed after the restart',
      describeLast: () => JSON.stringify(readJobs(`SELECT status, COUNT(*) AS count FROM deferred_jobs GROUP BY status`)),
    });
    const counts = accepted.map((_, index) => answersFor(sims, jobTag(index)));
    console.log(`deferred sqlite restart: ${JOBS} accepted; ${held} runs held at the kill; cut ${cutAnswers(sims)}; lost ${counts.filter((count) => count === 0).length}; duplicated ${counts.filter((count) => count > 1).length}`);
    expect(cutAnswers(sims)).toBeGreaterThanOrEqual(held);
    expect(counts.filter((count) => count !== 1)).toEqual([]);
    const job = (await (await fetch(`${restarted.url}/lifeline/jobs/${accepted[3]!.id}`)).json()) as { status: string; attempts: number; response: { object: string } };
    expect(job.status).toBe('succeeded');
    expect(job.response.object).toBe('chat.completion');
  }, 150_000);
});
