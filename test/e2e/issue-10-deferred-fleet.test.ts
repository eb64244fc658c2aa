import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/notifications/webhook-signature.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulators/index.js';
import { dropSchemas, freshSchemaName, postgresSkipReason, TEST_POSTGRES_URL } from '../../src/store/postgres/postgres-test-schema.js';
import { answersFor, cutAnswers, deferredProcessConfig, holdRunsAtProvider, jobTag, recoverSlowly, submitMany, takeDown } from '../support/deferred-jobs.js';
import { startLifelineProcess, type LifelineProcess } from '../support/lifeline-process.js';
import { waitUntil } from '../support/wait-until.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * Issue 10, the deferred fleet test: three built Lifeline processes on one PostgreSQL schema,
 * every route down, 500 deferred requests (both protocols, a quarter of each streaming) accepted
 * round-robin across the three; the providers recover (each answer held 250 ms, as a slow
 * provider would); one instance is killed with SIGKILL while it runs jobs; every job completes and
 * the simulators answered each job's request exactly once, counted by a tag in the request.
 */

const JOBS = 500;
const CALLBACK_EVERY = 5;
const CALLBACK_SECRET = 'cbsec-fleet-91c2';
const ANSWER_HOLD_MS = 250;
const LEASE_MS = 2_000;

const skip = await postgresSkipReason();
const schema = freshSchemaName('fleet');
let directory: string;
let primary: SimulatorHandle;
let fallback: SimulatorHandle;
let receiver: WebhookReceiver;
let database: pg.Client;
const fleet: LifelineProcess[] = [];

beforeAll(async () => {
  if (skip) return;
  directory = await mkdtemp(join(tmpdir(), 'lifeline-deferred-fleet-'));
  primary = await startSimulator({ format: 'anthropic', name: 'primary', maxRecordedRequests: 100_000 });
  fallback = await startSimulator({ format: 'openai', name: 'fallback', maxRecordedRequests: 100_000 });
  receiver = await startWebhookReceiver();
  database = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await database.connect();
  const config = join(directory, 'fleet.yaml');
  await writeFile(config, stringify(deferredProcessConfig(primary, fallback, { url: TEST_POSTGRES_URL, schema }, { lease_ms: LEASE_MS, callback_secret: CALLBACK_SECRET, callback_base_delay_ms: 100 })));
  // Started one after another: the first migrates, the others find the schema ready.
  for (let index = 0; index < 3; index++) fleet.push(await startLifelineProcess(config, { timeoutMs: 30_000 }));
}, 120_000);

afterAll(async () => {
  await Promise.all(fleet.map((instance) => instance.stop('SIGKILL')));
  await primary?.close();
  await fallback?.close();
  await receiver?.close();
  await database?.end();
  if (!skip) await dropSchemas([schema]);
  if (directory) await rm(directory, { recursive: true, force: true });
});

async function statusCounts(): Promise<Record<string, number>> {
  const { rows } = await database.query<{ status: string; count: string }>(`SELECT status, COUNT(*) AS count FROM "${schema}".deferred_jobs GROUP BY status`);
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

describe.skipIf(skip !== undefined)(`deferred jobs across a fleet of three on PostgreSQL (issue 10)${skip ? ` (skipped: ${skip.reason})` : ''}`, () => {
  it('accepts 500 deferred requests while every route is down, survives kill -9 of a running instance, and runs each job exactly once', async () => {
    takeDown(primary, fallback);
    const sims = [primary, fallback];
    const acceptStartedAt = Date.now();
    const accepted = await submitMany(JOBS, 25, (index) => fleet[index % 3]!.url, (index) => (index % CALLBACK_EVERY === 0 ? receiver.url : undefined));
    const acceptMs = Date.now() - acceptStartedAt;
    expect(accepted.filter((entry) => entry.status !== 202)).toEqual([]);
    for (const entry of accepted) expect(entry.location).toBe(`/lifeline/jobs/${entry.id}`);
    expect(new Set(accepted.map((entry) => entry.id)).size).toBe(JOBS);
    // Every target refused them: nothing was answered yet.
    expect(accepted.every((_, index) => answersFor(sims, jobTag(index)) === 0)).toBe(true);

    // The providers recover, slowly: each answer is held, so runs are in flight long enough to catch one.
    const recoveredAt = Date.now();
    recoverSlowly(sims, ANSWER_HOLD_MS);

    // Kill the third instance while every run it holds is waiting at a provider (sent, not yet
    // answered): a run that was answered but not yet recorded is the one window no lease closes.
    // Mid-backlog (a fifth of the jobs done, the runners at full concurrency) answers are held
    // long, so within one answer's time every run the victim holds is one that waits; sampling
    // the natural 250 ms holds instead missed the moment on a loaded machine.
    const victim = fleet[2]!;
    await waitUntil(async () => (((await statusCounts()).succeeded ?? 0) >= JOBS / 5 ? true : undefined), { timeoutMs: 60_000, intervalMs: 50, description: 'a fifth of the jobs to succeed' });
    const heldByVictim = await holdRunsAtProvider(
      sims,
      async () => {
        const { rows } = await database.query<{ body: string }>(`SELECT body FROM "${schema}".deferred_jobs WHERE status = 'running' AND lease_owner LIKE $1`, [`%:${victim.pid}:%`]);
        return rows.map((row) => row.body);
      },
      'the victim to hold runs that wait at a provider',
    );
    const killedAt = Date.now();
    await victim.stop('SIGKILL');
    recoverSlowly(sims, ANSWER_HOLD_MS);
    const doneBeforeKill = (await statusCounts()).succeeded ?? 0;

    await waitUntil(async () => ((await statusCounts()).succeeded === JOBS ? true : undefined), {
      timeoutMs: 90_000,
      intervalMs: 250,
      description: 'every job to succeed',
      describeLast: async () => JSON.stringify(await statusCounts()),
    });
    const completeMs = Date.now() - recoveredAt;

    const counts = accepted.map((_, index) => answersFor(sims, jobTag(index)));
    const lost = counts.filter((count) => count === 0).length;
    const duplicated = counts.filter((count) => count > 1).length;
    const cutByKill = cutAnswers(sims);

    // Polled through a surviving instance: the answer is in the client's protocol, non-streaming.
    const survivor = fleet[0]!;
    for (const index of [0, 1, 2, 3]) {
      const job = (await (await fetch(`${survivor.url}/lifeline/jobs/${accepted[index]!.id}`)).json()) as { status: string; response: { type?: string; object?: string } };
      expect(job.status).toBe('succeeded');
      if (index % 2 === 0) expect(job.response.type).toBe('message');
      else expect(job.response.object).toBe('chat.completion');
    }

    // Callbacks: every job that asked got at least one, each signed; duplicates share the delivery id.
    const wanted = accepted.filter((_, index) => index % CALLBACK_EVERY === 0).map((entry) => entry.id);
    await waitUntil(() => (wanted.every((id) => receiver.received.some((entry) => entry.deliveryId === id)) ? true : undefined), { timeoutMs: 20_000, description: 'every callback' });
    for (const delivery of receiver.received) {
      expect(verifySignature(delivery.rawBody, delivery.signature, CALLBACK_SECRET, 60_000)).toBe(true);
      expect(delivery.event).toBe('job.succeeded');
    }
    const callbackDuplicates = receiver.received.length - new Set(receiver.received.map((entry) => entry.deliveryId)).size;

    console.log(
      `deferred fleet: accepted ${accepted.length} in ${acceptMs} ms; victim held ${heldByVictim} runs at kill (${killedAt - recoveredAt} ms after recovery, ${doneBeforeKill} done before); ` +
        `all ${JOBS} succeeded ${completeMs} ms after recovery; answers cut by the kill ${cutByKill}; lost ${lost}; duplicated ${duplicated}; callbacks ${receiver.received.length} for ${wanted.length} jobs (${callbackDuplicates} repeated)`,
    );
    expect(cutByKill).toBeGreaterThanOrEqual(heldByVictim);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
  }, 180_000);
});
