import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import pg from 'pg';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres/postgres-migrations.js';
import { dropSchemas, freshSchemaName, postgresSkipReason, TEST_POSTGRES_URL } from '../../src/store/postgres/postgres-test-schema.js';
import { runCli } from '../support/run-cli.js';
import { startStack, type Stack } from '../support/start-stack.js';
import { verifySignature } from '../../src/notifications/webhook-signature.js';
import { healthBlock, primaryAndFallback, QUICK_BREAKER } from '../support/outage-stack.js';
import { startSteadyTraffic } from '../support/steady-traffic.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { seconds, waitUntil } from '../support/wait-until.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

/**
 * Issue 10, PostgreSQL: migrations raced by three processes, the CLI on the shared store, no
 * key text in a dump of every table, and an outage of the database (a proxy in front of it taken
 * away, then brought back) that clients never notice and after which every held write lands.
 */

const skip = await postgresSkipReason();
const schemas: string[] = [];
let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'lifeline-issue-10-pg-'));
});
afterAll(async () => {
  if (!skip) await dropSchemas(schemas);
  if (directory) await rm(directory, { recursive: true, force: true });
});

async function writeConfig(name: string, storage: Record<string, unknown>): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, stringify({ storage }));
  return path;
}

/** Every row of every table in `schema`, as text: what a pg_dump of the data would hold. */
async function dumpSchema(schema: string): Promise<string> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema]);
    const parts: string[] = [];
    for (const { table_name: table } of tables.rows) {
      const rows = await client.query(`SELECT * FROM "${schema}"."${table}"`);
      parts.push(`-- ${table}\n${JSON.stringify(rows.rows)}`);
    }
    return parts.join('\n');
  } finally {
    await client.end();
  }
}

async function queryOne<Row extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<Row | undefined> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows[0];
  } finally {
    await client.end();
  }
}

describe.skipIf(skip !== undefined)(`PostgreSQL store in production use (issue 10)${skip ? ` (skipped: ${skip.reason})` : ''}`, () => {
  it('migrates a fresh schema exactly once when three processes start at the same moment', async () => {
    const schema = freshSchemaName('three');
    schemas.push(schema);
    const config = await writeConfig('three.yaml', { url: TEST_POSTGRES_URL, schema });
    const runs = await Promise.all([1, 2, 3].map(() => runCli(['store', 'migrate', '-c', config])));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const outputs = runs.map((run) => run.stdout.trim()).sort();
    const latest = POSTGRES_MIGRATIONS.length;
    const nothing = `postgres store: nothing to apply; schema version ${latest}`;
    expect(outputs).toEqual([`postgres store: applied ${POSTGRES_MIGRATIONS.map((step) => step.version).join(', ')}; schema version ${latest}`, nothing, nothing]);
    const recorded = await queryOne<{ count: string }>(`SELECT COUNT(*) AS count FROM "${schema}".schema_migrations`);
    expect(Number(recorded?.count)).toBe(latest);
  });

  it('keeps serving through a database outage, reports it, and writes everything held once the database is back', async () => {
    const schema = freshSchemaName('outage');
    schemas.push(schema);
    const proxy: TcpProxy = await startTcpProxy(new URL(TEST_POSTGRES_URL).port ? Number(new URL(TEST_POSTGRES_URL).port) : 5432);
    const url = TEST_POSTGRES_URL.replace(/@[^/]+\//, `@127.0.0.1:${proxy.port}/`);
    const adminToken = 'admin-token-issue-10-outage';
    let stack: Stack | undefined;
    try {
      stack = await startStack({
        providers: [{ name: 'asim', simulator: { format: 'anthropic' } }, { name: 'osim', simulator: { format: 'openai' } }],
        routes: { 'claude-*': ['asim/*'], 'gpt-*': ['osim/*'] },
        config: { storage: { url, schema, pool_size: 4 }, admin: { token: adminToken } },
      });
      const created = await fetch(`${stack.lifeline.url}/admin/keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'through-outage' }),
      });
      const key = ((await created.json()) as { key: string }).key;
      const anthropic = new Anthropic({ baseURL: stack.anthropicBaseUrl, apiKey: key, maxRetries: 0 });
      const openai = new OpenAI({ baseURL: stack.openaiBaseUrl, apiKey: key, maxRetries: 0 });
      const oneOfEach = async () => {
        await anthropic.messages.create({ model: 'claude-x', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] });
        const stream = await openai.chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
        for await (const _chunk of stream) void _chunk;
      };
      await oneOfEach();

      await proxy.stop();
      // Every request during the outage succeeds: the door and routing read memory only.
      for (let round = 0; round < 5; round += 1) await oneOfEach();
      const down = await waitUntil(
        async () => {
          const ready = (await (await fetch(`${stack!.lifeline.url}/readyz`)).json()) as { status: string; store: { available: boolean; pendingWrites: number } };
          return ready.store.available === false ? ready : undefined;
        },
        { timeoutMs: 15_000, description: '/readyz reports the store unavailable' },
      );
      expect(down.value.status).toBe('ready');
      expect(down.value.store.pendingWrites).toBeGreaterThan(0);
      const metrics = await (await fetch(`${stack.lifeline.url}/metrics`)).text();
      expect(metrics).toMatch(/^lifeline_store_available 0$/m);
      expect(metrics).toMatch(/^lifeline_store_write_failures_total [1-9]/m);
      await oneOfEach();
      // The status page and its APIs stay up, from memory and the last incidents they read.
      for (const path of ['/status', '/api/lifeline/status', '/api/v2/summary.json', '/api/lifeline/incidents', '/api/lifeline/history?component=provider:asim']) {
        expect((await fetch(`${stack.lifeline.url}${path}`)).status, path).toBe(200);
      }

      await proxy.resume();
      await waitUntil(
        async () => {
          const ready = (await (await fetch(`${stack!.lifeline.url}/readyz`)).json()) as { store: { available: boolean; pendingWrites: number } };
          return ready.store.available && ready.store.pendingWrites === 0 ? ready : undefined;
        },
        { timeoutMs: 20_000, description: '/readyz reports the store back with nothing held' },
      );
      // 7 rounds of 2 requests: every one counted in PostgreSQL, those of the outage included.
      const usage = await waitUntil(
        async () => {
          const row = await queryOne<{ requests: string }>(`SELECT COALESCE(SUM(requests), 0) AS requests FROM "${schema}".key_usage WHERE key_name = 'through-outage'`);
          return Number(row?.requests) >= 14 ? Number(row?.requests) : undefined;
        },
        { timeoutMs: 15_000, description: 'usage of every request written to PostgreSQL' },
      );
      expect(usage.value).toBe(14);
      const rollups = await queryOne<{ requests: string }>(`SELECT COALESCE(SUM(requests), 0) AS requests FROM "${schema}".rollups WHERE component_id = 'provider:asim'`);
      expect(Number(rollups?.requests)).toBeGreaterThanOrEqual(6);
      expect(stack.lifeline.services.storeHealth?.()).toMatchObject({ available: true, droppedWrites: 0 });
    } finally {
      await stack?.close();
      await proxy.close();
    }
  }, 90_000);

  it('opens an incident during a database outage: stored and notified (signed) once the database is back, resolved after', async () => {
    const schema = freshSchemaName('incident');
    schemas.push(schema);
    const proxy = await startTcpProxy(Number(new URL(TEST_POSTGRES_URL).port || 5432));
    const url = TEST_POSTGRES_URL.replace(/@[^/]+\//, `@127.0.0.1:${proxy.port}/`);
    const receiver = await startWebhookReceiver();
    const secret = 'whsec-issue-10-outage';
    let stack: Stack | undefined;
    let traffic: ReturnType<typeof startSteadyTraffic> | undefined;
    try {
      stack = await startStack({
        ...primaryAndFallback(),
        config: {
          storage: { url, schema, pool_size: 4 },
          health: healthBlock(),
          incidents: { open_after_ms: 1_000, resolve_after_ms: 1_000 },
          resilience: QUICK_BREAKER,
          notifications: { webhooks: [{ name: 'ops', url: receiver.url, secret }], base_delay_ms: 100, max_delay_ms: 400 },
        },
      });
      traffic = startSteadyTraffic({ baseUrl: stack.lifeline.url, model: 'claude-outage', ratePerSecond: 4 });
      await waitUntil(() => (traffic!.results.some((result) => result.status === 200) ? true : undefined), { timeoutMs: 5_000, description: 'traffic answered' });

      await proxy.stop();
      const outageAt = Date.now();
      stack.sims.primary!.control.addFault({ kind: 'status', status: 529, persistent: true });
      // The incident is decided while the database is away; its write waits.
      await waitUntil(() => (stack!.lifeline.services.storeHealth?.().pendingWrites ?? 0) > 0 ? true : undefined, { timeoutMs: 15_000, description: 'writes held' });
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(receiver.received).toHaveLength(0);

      await proxy.resume();
      const resumedAt = Date.now();
      const opened = await waitUntil(() => receiver.received.find((delivery) => delivery.event === 'incident.opened' && delivery.status === 200), {
        timeoutMs: 20_000,
        description: 'incident.opened delivered after the database came back',
      });
      expect(verifySignature(opened.value.rawBody, opened.value.signature, secret, 5 * 60_000)).toBe(true);
      const stored = await queryOne<{ count: string }>(`SELECT COUNT(*) AS count FROM "${schema}".incidents WHERE status <> 'resolved'`);
      expect(Number(stored?.count)).toBe(1);

      stack.sims.primary!.control.clearFaults();
      await waitUntil(() => receiver.received.find((delivery) => delivery.event === 'incident.resolved' && delivery.status === 200), {
        timeoutMs: 30_000,
        description: 'incident.resolved delivered',
      });
      // Clients saw no error at any point: the fallback answered while the primary and the database were out.
      const failed = traffic.results.filter((result) => result.status !== 200);
      expect(failed, JSON.stringify(failed.slice(0, 3))).toHaveLength(0);
      console.log(
        `[issue-10 pg outage] incident.opened delivered ${seconds(opened.atMs - resumedAt)} s after the database returned (${seconds(resumedAt - outageAt)} s outage); ` +
          `${traffic.results.length} client requests, 0 errors`,
      );
    } finally {
      await traffic?.stop();
      await stack?.close();
      await proxy.close();
      await receiver.close();
    }
  }, 120_000);

  it('creates, lists and revokes keys with the CLI on PostgreSQL, and a dump of every table holds no key text', async () => {
    const schema = freshSchemaName('cli');
    schemas.push(schema);
    const config = await writeConfig('cli.yaml', { url: TEST_POSTGRES_URL, schema });
    const created = await runCli(['keys', 'create', '--name', 'ci-runner', '--routes', 'claude-*,gpt-*', '--rpm', '60', '--tokens-per-day', '100000', '--expires', '30d', '-c', config]);
    expect(created.code, created.stderr).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^ll-[A-Za-z0-9_-]{32}$/);
    expect(created.stderr).toContain('only time the key is shown');
    const listed = await runCli(['keys', 'list', '-c', config]);
    expect(listed.stdout).toMatch(/ci-runner\s+ll-\S{4}…\s+active\s+claude-\*,gpt-\*\s+60\s+100000\s+0 req 0 tok\s+never/);
    const revoked = await runCli(['keys', 'revoke', 'ci-runner', '-c', config]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect((await runCli(['keys', 'list', '--json', '-c', config])).stdout).toContain('"state": "revoked"');
    const again = await runCli(['keys', 'revoke', 'nobody', '-c', config]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('No client key named "nobody"');
    const dump = await dumpSchema(schema);
    expect(dump).toContain('ci-runner');
    expect(dump.includes(key)).toBe(false);
    for (const run of [created, listed, revoked]) expect(run.stderr.includes(key)).toBe(false);
  });
});
