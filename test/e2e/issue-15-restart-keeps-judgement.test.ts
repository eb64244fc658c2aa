import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startSimulator, type SimulatorHandle } from '../../src/simulators/index.js';
import { startLifelineProcess, type LifelineProcess } from '../support/lifeline-process.js';
import { seconds, waitUntil } from '../support/wait-until.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * Issue 15, item 7: a restart keeps its judgement. A real `lifeline start` process with a SQLite
 * file is killed with SIGKILL and started again on the same file:
 * - an incident open before the kill stays open (no monitoring, no resolved webhook) while the
 *   provider still fails, and resolves only once the provider answers again;
 * - the traffic of the minute in progress is in the rollups after the kill, and the restarted
 *   process adds its own counts to that minute instead of overwriting it.
 */

const KEY = 'sk-ant-restart-test-key-0001';
const MODEL = 'claude-restart';
const RESOLVE_AFTER_MS = 2_000;
/** The rollup writer's interval (ROLLUP_FLUSH_INTERVAL_MS): what a SIGKILL may lose at most. */
const FLUSH_INTERVAL_MS = 5_000;

let directory: string;
let simulator: SimulatorHandle;
let receiver: WebhookReceiver;
const running = new Set<LifelineProcess>();

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'lifeline-issue-15-restart-'));
  simulator = await startSimulator({ format: 'anthropic', keys: [KEY] });
  receiver = await startWebhookReceiver();
});
afterEach(async () => {
  for (const lifeline of running) await lifeline.stop('SIGKILL');
  running.clear();
  simulator.control.clearFaults();
});
afterAll(async () => {
  await simulator?.close();
  await receiver?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

async function writeConfig(name: string): Promise<{ configPath: string; databasePath: string }> {
  const databasePath = join(directory, `${name}.db`);
  const configPath = join(directory, `${name}.yaml`);
  await writeFile(
    configPath,
    stringify({
      server: { host: '127.0.0.1', port: 0 },
      providers: { primary: { type: 'anthropic', base_url: simulator.url, keys: [KEY], status_page_url: false } },
      routes: { 'claude-*': ['primary/*'] },
      storage: { path: databasePath },
      // No probes: after the restart nothing but client traffic can tell how the provider is.
      health: { official: { enabled: false }, probe: { enabled: false }, hysteresis: { recover_after_ms: 1_000 } },
      incidents: { open_after_ms: 500, resolve_after_ms: RESOLVE_AFTER_MS },
      notifications: { webhooks: [{ name: name, url: receiver.url, secret: 'whsec-restart-0001' }], base_delay_ms: 50, max_delay_ms: 200 },
      logging: { level: 'warn' },
    }),
  );
  return { configPath, databasePath };
}

async function start(configPath: string): Promise<LifelineProcess> {
  const lifeline = await startLifelineProcess(configPath);
  running.add(lifeline);
  return lifeline;
}

async function stop(lifeline: LifelineProcess, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
  const ended = await lifeline.stop(signal);
  running.delete(lifeline);
  if (signal === 'SIGTERM') expect(ended.code, lifeline.stderr()).toBe(0);
}

async function sendMessage(url: string): Promise<number> {
  const response = await fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'client-key' },
    body: JSON.stringify({ model: MODEL, max_tokens: 16, messages: [{ role: 'user', content: 'hello' }] }),
    signal: AbortSignal.timeout(10_000),
  });
  await response.text();
  return response.status;
}

interface ListedIncident {
  id: string;
  status: string;
  updates: Array<{ status: string; body: string }>;
}

async function incidents(url: string): Promise<ListedIncident[]> {
  const response = await fetch(`${url}/api/lifeline/incidents`, { signal: AbortSignal.timeout(5_000) });
  const body = (await response.json()) as { incidents: ListedIncident[] };
  return body.incidents;
}

function sumRequests(databasePath: string, componentId: string): number {
  const database = new BetterSqlite3(databasePath);
  try {
    const row = database.prepare('SELECT coalesce(sum(requests), 0) AS requests FROM rollups WHERE component_id = ?').get(componentId) as { requests: number };
    return row.requests;
  } finally {
    database.close();
  }
}

/** Waits, if need be, until the current minute has `neededMs` left: the traffic and the kill then fall in one minute. */
async function roomInTheMinute(neededMs: number): Promise<void> {
  const intoMinuteMs = Date.now() % 60_000;
  if (intoMinuteMs + neededMs < 60_000) return;
  await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinuteMs + 200));
}

describe('issue 15: a restart keeps its judgement', () => {
  it(
    'an incident open at a SIGKILL stays open after the restart while the provider still fails, and resolves once it answers again',
    async () => {
      const { configPath } = await writeConfig('incident');
      simulator.control.addFault({ kind: 'status', status: 529, persistent: true });
      const first = await start(configPath);
      for (let index = 0; index < 6; index++) expect(await sendMessage(first.url)).toBeGreaterThanOrEqual(500);
      await waitUntil(() => (receiver.received.some((delivery) => delivery.event === 'incident.opened') ? true : undefined), { timeoutMs: 10_000, description: 'incident.opened' });
      const [opened] = await incidents(first.url);
      expect(opened?.status).toBe('investigating');
      await stop(first, 'SIGKILL');

      // The provider still fails; nobody sends traffic.
      const second = await start(configPath);
      const restartedAt = Date.now();
      const webhooksBefore = receiver.received.length;
      await new Promise((resolve) => setTimeout(resolve, 3 * RESOLVE_AFTER_MS));
      const [kept] = await incidents(second.url);
      expect(kept?.id).toBe(opened!.id);
      expect(kept?.status).toBe('investigating');
      expect(kept?.updates.map((update) => update.status)).not.toContain('monitoring');
      expect(receiver.received.slice(webhooksBefore).map((delivery) => delivery.event), JSON.stringify(kept?.updates.map((update) => update.body))).toEqual([]);
      console.info(`issue 15: incident still ${kept?.status} ${seconds(Date.now() - restartedAt)} s after the restart (resolve_after_ms ${RESOLVE_AFTER_MS})`);

      // The provider recovers and answers traffic: now the incident may resolve.
      simulator.control.clearFaults();
      const recoveredAt = Date.now();
      expect(await sendMessage(second.url)).toBe(200);
      const resolved = await waitUntil(() => (receiver.received.slice(webhooksBefore).some((delivery) => delivery.event === 'incident.resolved') ? true : undefined), {
        timeoutMs: 15_000,
        description: 'incident.resolved after the recovery',
      });
      expect(resolved.atMs - recoveredAt).toBeGreaterThanOrEqual(RESOLVE_AFTER_MS);
      expect(receiver.received.slice(webhooksBefore).map((delivery) => delivery.event)).toEqual(['incident.updated', 'incident.resolved']);
      expect((await incidents(second.url))[0]?.status).toBe('resolved');
      console.info(`issue 15: resolved ${seconds(resolved.atMs - recoveredAt)} s after the provider answered again`);
      await stop(second, 'SIGTERM');
    },
    60_000,
  );

  it(
    'the minute in progress survives a SIGKILL (all but the last flush interval), and the restarted process adds to it; a clean stop writes the rest',
    async () => {
      const { configPath, databasePath } = await writeConfig('rollups');
      const componentId = `target:primary/${MODEL}`;
      // Traffic, a wait of one flush interval, and the kill must fall in one minute: the minute
      // is then still in progress when the process dies.
      await roomInTheMinute(FLUSH_INTERVAL_MS + 10_000);
      const first = await start(configPath);
      const killedMinute = Math.floor(Date.now() / 60_000);
      for (let index = 0; index < 20; index++) expect(await sendMessage(first.url)).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, FLUSH_INTERVAL_MS + 1_000));
      await stop(first, 'SIGKILL');
      expect(Math.floor(Date.now() / 60_000), 'the kill fell in the minute of the traffic').toBe(killedMinute);
      expect(sumRequests(databasePath, componentId)).toBe(20);

      const second = await start(configPath);
      for (let index = 0; index < 7; index++) expect(await sendMessage(second.url)).toBe(200);
      // A clean stop writes what the last flush did not.
      await stop(second, 'SIGTERM');
      expect(sumRequests(databasePath, componentId)).toBe(27);
    },
    90_000,
  );
});
