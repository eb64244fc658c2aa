import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startLifeline, type LifelineInstance } from '../../src/app.js';
import { parseConfigText } from '../../src/config/load-config.js';
import { createLogger } from '../../src/observability/create-logger.js';
import { startSimulator, type SimulatorHandle } from '../../src/simulators/index.js';
import { providerVerdict, statusClient } from '../support/status-client.js';
import { waitUntil } from '../support/wait-until.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * Issue 15, item 2: through `claude-*` → `asim/*` every model name is the client's. The simulator
 * answers any name (an OpenAI-compatible server does), so each made-up name is "served". Before,
 * each became a permanent component, breaker, probe target and metric series: 2 000 names gave
 * 2 002 components, a 25 MB status page, 2 900 probes a minute and 16 MB of incident text, with
 * the names still on the public page after a restart. Now only configured targets and at most
 * `health.dynamic_targets.max_per_provider` served names get state of their own, the public page
 * names none of them, and their state goes after `ttl_ms` without traffic.
 */

const NAMES = 2_000;
const PREFIX = 'claude-made-up-';
const CAP = 20;
const ADMIN_TOKEN = 'issue-15-admin-token-0123456789abcdef';
const PUBLIC_PATHS = ['/status', '/api/lifeline/status', '/api/v2/summary.json', '/api/v2/incidents.json', '/api/lifeline/incidents'];

const logger = createLogger('silent');
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const directory = mkdtempSync(join(tmpdir(), 'lifeline-issue-15-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

interface Running {
  sim: SimulatorHandle;
  hooks: WebhookReceiver;
  lifeline: LifelineInstance;
  /** Stops `lifeline` and starts another on the same SQLite file. */
  restart(lifeline: LifelineInstance): Promise<LifelineInstance>;
}

/** A simulator, a webhook receiver and Lifeline on a SQLite file. */
async function startRunning(health: Record<string, unknown>, incidents: Record<string, unknown> = {}): Promise<Running> {
  const sim = await startSimulator({ name: 'asim', format: 'anthropic' });
  cleanups.push(() => sim.close());
  const hooks = await startWebhookReceiver();
  cleanups.push(() => hooks.close());
  const yaml = stringify({
    server: { host: '127.0.0.1', port: 0 },
    storage: { path: join(directory, `lifeline-${Date.now()}-${Math.random().toString(36).slice(2)}.db`) },
    health: { official: { enabled: false }, probe: { enabled: false }, ...health },
    incidents: { open_after_ms: 1_000, resolve_after_ms: 600_000, ...incidents },
    notifications: { webhooks: [{ name: 'oncall', url: hooks.url, secret: 'issue-15-webhook-secret' }] },
    admin: { token: ADMIN_TOKEN },
    providers: { asim: { type: 'anthropic', base_url: sim.url, keys: ['sk-asim-issue15-0001'] } },
    routes: { 'claude-*': ['asim/*'], 'configured-model': ['asim/claude-configured'] },
  });
  const stopped = new Set<LifelineInstance>();
  const start = async () => {
    const lifeline = await startLifeline(parseConfigText(yaml, { env: {} }), { logger });
    cleanups.push(async () => (stopped.has(lifeline) ? undefined : lifeline.close()));
    return lifeline;
  };
  const restart = async (lifeline: LifelineInstance) => {
    stopped.add(lifeline);
    await lifeline.close();
    return start();
  };
  return { sim, hooks, lifeline: await start(), restart };
}

async function ask(lifeline: LifelineInstance, model: string, stream = false): Promise<number> {
  const response = await fetch(`${lifeline.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'client' },
    body: JSON.stringify({ model, max_tokens: 8, stream, messages: [{ role: 'user', content: 'hi' }] }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Sends each name once, 16 at a time (every fourth streamed); returns the answers' status codes. */
async function askEach(lifeline: LifelineInstance, names: readonly string[]): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < names.length) {
        const index = next++;
        statuses.push(await ask(lifeline, names[index]!, index % 4 === 0));
      }
    }),
  );
  return statuses;
}

const madeUp = (count: number, from = 0) => Array.from({ length: count }, (_, index) => `${PREFIX}${from + index}`);
const text = async (lifeline: LifelineInstance, path: string) => (await fetch(`${lifeline.url}${path}`)).text();
const componentIds = async (lifeline: LifelineInstance) => (await statusClient(lifeline.url).lifelineStatus()).components.map((component) => component.id);
const admitted = async (lifeline: LifelineInstance) => {
  const response = await fetch(`${lifeline.url}/admin/dynamic-targets`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return ((await response.json()) as { targets: Array<{ model: string }> }).targets.map((target) => target.model);
};
const isProbe = (body: unknown) => typeof body === 'object' && body !== null && (body as { max_tokens?: unknown }).max_tokens === 1;
const modelOf = (body: unknown) => (body as { model: string }).model;
const PUBLIC_COMPONENTS = ['provider:asim', 'target:asim/claude-configured', 'target:asim/*'];

describe('issue 15: client-named models through provider/* stay bounded', () => {
  it(`keeps components, pages, metrics, probes, incidents and webhooks bounded after ${NAMES} made-up names the provider answers, and shows none of them, before or after a restart`, async () => {
    const running = await startRunning({ probe: { enabled: true, interval_ms: 1_000, idle_ms: 500, unhealthy_interval_ms: 1_000 } });
    const { sim, hooks } = running;
    let { lifeline } = running;
    expect(await ask(lifeline, 'configured-model')).toBe(200);
    const before = { status: Buffer.byteLength(await text(lifeline, '/status')), api: Buffer.byteLength(await text(lifeline, '/api/lifeline/status')), metrics: (await text(lifeline, '/metrics')).split('\n').length };

    const statuses = await askEach(lifeline, madeUp(NAMES));
    expect(statuses.every((status) => status === 200)).toBe(true);
    lifeline.health.evaluate();

    expect((await componentIds(lifeline)).sort()).toEqual([...PUBLIC_COMPONENTS].sort());
    const after = { status: Buffer.byteLength(await text(lifeline, '/status')), api: Buffer.byteLength(await text(lifeline, '/api/lifeline/status')), metrics: (await text(lifeline, '/metrics')).split('\n').length };
    // The same three components with more traffic behind them: a chart's worth of bytes, not 2 000 rows.
    expect(after.status).toBeLessThan(before.status + 20_000);
    expect(after.api).toBeLessThan(before.api + 2_000);
    // At most CAP served names get series of their own: attempts by outcome and source, a latency
    // or time-to-first-token histogram (14 lines) and output tokens — about 32 lines at most each.
    expect(after.metrics).toBeLessThan(before.metrics + CAP * 32);
    for (const path of PUBLIC_PATHS) expect(await text(lifeline, path), path).not.toContain(PREFIX);
    const kept = await admitted(lifeline);
    expect(kept).toHaveLength(CAP);
    const metrics = await text(lifeline, '/metrics');
    expect(new Set([...metrics.matchAll(/model="(claude-made-up-\d+)"/g)].map((match) => match[1])).size).toBeLessThanOrEqual(CAP);

    // Probes go to the configured target and the CAP names kept, nothing else, at their interval.
    sim.control.clearRequests();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const probes = sim.control.requests().filter((request) => isProbe(request.body));
    expect(new Set(probes.map((request) => modelOf(request.body)))).toEqual(new Set(['claude-configured', ...kept]));
    // Interval 1 s over 3 s: at most 3 or 4 rounds of CAP + 1 targets.
    expect(probes.length).toBeLessThanOrEqual((CAP + 1) * 4);

    // A provider outage seen through every made-up name: the incident and its webhooks say so
    // without listing the names, and stay small.
    sim.control.addFault({ kind: 'status', status: 500, errorType: 'api_error', persistent: true });
    await askEach(lifeline, [...kept, ...kept, ...madeUp(200, NAMES)]);
    const status = statusClient(lifeline.url);
    const opened = await waitUntil(async () => (await status.unresolvedIncidents())[0], { timeoutMs: 15_000, description: 'an incident about the outage' });
    expect(opened.value.name).toMatch(/asim/);
    await waitUntil(() => (hooks.received.length > 0 ? true : undefined), { timeoutMs: 10_000, description: 'a webhook delivery' });
    const incidents = await text(lifeline, '/api/lifeline/incidents');
    expect(Buffer.byteLength(incidents)).toBeLessThan(20_000);
    expect(incidents).not.toContain(PREFIX);
    for (const hook of hooks.received) {
      expect(Buffer.byteLength(hook.rawBody)).toBeLessThan(20_000);
      expect(hook.rawBody).not.toContain(PREFIX);
    }
    sim.control.clearFaults();

    // Restarted on the same SQLite file: what is stored (incidents, rollups) names no client model.
    lifeline = await running.restart(lifeline);
    lifeline.health.evaluate();
    expect((await componentIds(lifeline)).sort()).toEqual([...PUBLIC_COMPONENTS].sort());
    for (const path of PUBLIC_PATHS) expect(await text(lifeline, path), path).not.toContain(PREFIX);
    expect(await text(lifeline, '/api/lifeline/incidents')).toContain(opened.value.id);
  }, 90_000);

  it('counts a made-up name that fails with a provider-side 500 toward the provider, without a component of its own', async () => {
    const { sim, lifeline } = await startRunning({});
    sim.control.addFault({ kind: 'status', status: 500, errorType: 'api_error', persistent: true });
    const statuses = await askEach(lifeline, madeUp(12));
    expect(statuses.every((status) => status >= 500)).toBe(true);
    const snapshot = lifeline.health.evaluate();
    expect(snapshot.components.map((component) => component.id).sort()).toEqual([...PUBLIC_COMPONENTS].sort());
    expect(providerVerdict(await statusClient(lifeline.url).lifelineStatus(), 'asim').status).not.toBe('operational');
    const provider = snapshot.components.find((component) => component.id === 'provider:asim')!;
    // Until the shared asim/* breaker opened (then requests are turned away without being sent).
    expect(provider.measured.failures).toBeGreaterThanOrEqual(5);
    expect(snapshot.components.find((component) => component.id === 'target:asim/*')?.measured.failures).toBe(provider.measured.failures);
    expect(await admitted(lifeline)).toEqual([]);
    for (const path of [...PUBLIC_PATHS, '/metrics']) expect(await text(lifeline, path), path).not.toContain(PREFIX);
  });

  it('drops a served name with its breaker, component, metric series and probes once it went unused for ttl_ms', async () => {
    const { sim, lifeline } = await startRunning({
      dynamic_targets: { ttl_ms: 1_500, publish: true },
      probe: { enabled: true, interval_ms: 300, idle_ms: 200, unhealthy_interval_ms: 300 },
    });
    expect((await askEach(lifeline, madeUp(30))).every((status) => status === 200)).toBe(true);
    await askEach(lifeline, madeUp(5)); // a second request: each of these now has a breaker of its own
    expect(await admitted(lifeline)).toHaveLength(CAP);
    lifeline.health.evaluate();
    // Published on this (internal) page while kept: by name, at most CAP of them.
    expect((await componentIds(lifeline)).filter((id) => id.includes(PREFIX))).toHaveLength(CAP);
    expect(await text(lifeline, '/metrics')).toMatch(new RegExp(`breaker="target:asim/${PREFIX}0"`));

    await waitUntil(async () => ((await admitted(lifeline)).length === 0 ? true : undefined), { timeoutMs: 10_000, description: 'every kept name dropped' });
    lifeline.health.evaluate();
    expect((await componentIds(lifeline)).sort()).toEqual([...PUBLIC_COMPONENTS].sort());
    expect(await text(lifeline, '/metrics')).not.toContain(PREFIX);
    expect(await text(lifeline, '/status')).not.toContain(PREFIX);
    sim.control.clearRequests();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(sim.control.requests().filter((request) => isProbe(request.body)).map((request) => modelOf(request.body))).not.toContainEqual(expect.stringContaining(PREFIX));
  });
});
