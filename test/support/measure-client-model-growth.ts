/**
 * Measures what N made-up model names sent through a `provider/*` route cost Lifeline (issue 15,
 * item 2): components, page and API sizes, CPU per `/status`, `/metrics` lines, RSS, probes per
 * minute, incident and webhook text, and what the public page shows after a restart on the same
 * SQLite file. The simulator answers every model (not `strictModels`), as an OpenAI-compatible
 * server that serves any name would.
 *
 *   NODE_OPTIONS=--expose-gc npx vite-node test/support/measure-client-model-growth.ts
 *   (MEASURE_NAMES=2000, MEASURE_PROBE_WINDOW_MS=60000 by default)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startLifeline, type LifelineInstance } from '../../src/app.js';
import { parseConfigText } from '../../src/config/load-config.js';
import { createLogger } from '../../src/observability/create-logger.js';
import { startSimulator } from '../../src/simulators/index.js';
import { startWebhookReceiver } from './webhook-receiver.js';

const NAMES = Number(process.env.MEASURE_NAMES ?? 2_000);
const PROBE_WINDOW_MS = Number(process.env.MEASURE_PROBE_WINDOW_MS ?? 60_000);
const PREFIX = 'claude-made-up-';
const CONCURRENCY = 16;

const gc = (globalThis as { gc?: () => void }).gc;
/** RSS and live heap after a full collection (with --expose-gc), in MB. */
const memoryMb = () => {
  gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss: Math.round(rss / 1024 / 1024), heapUsed: Math.round(heapUsed / 1024 / 1024) };
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const directory = mkdtempSync(join(tmpdir(), 'lifeline-growth-'));
const sim = await startSimulator({ name: 'asim', format: 'anthropic' });
const hooks = await startWebhookReceiver();
const yaml = stringify({
  server: { host: '127.0.0.1', port: 0 },
  storage: { path: join(directory, 'lifeline.db') },
  health: { official: { enabled: false } },
  incidents: { open_after_ms: 2_000, resolve_after_ms: 600_000 },
  notifications: { webhooks: [{ name: 'measure', url: hooks.url, secret: 'measure-secret' }] },
  providers: { asim: { type: 'anthropic', base_url: sim.url, keys: ['sk-asim-measure-0001'] } },
  routes: { 'claude-*': ['asim/*'], 'real-model': ['asim/claude-real'] },
});
const logger = createLogger('silent');
const start = () => startLifeline(parseConfigText(yaml, { env: {} }), { logger });

const ask = async (lifeline: LifelineInstance, model: string) => {
  const response = await fetch(`${lifeline.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'client' },
    body: JSON.stringify({ model, max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }),
  });
  await response.arrayBuffer();
  return response.status;
};
const get = async (lifeline: LifelineInstance, path: string) => (await fetch(`${lifeline.url}${path}`)).text();
const isProbe = (body: unknown) => typeof body === 'object' && body !== null && (body as { max_tokens?: unknown }).max_tokens === 1;

let lifeline = await start();
const memoryBefore = memoryMb();
const trafficStartedAt = Date.now();
let next = 0;
const statuses = new Map<number, number>();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < NAMES) {
      const status = await ask(lifeline, `${PREFIX}${next++}`);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  }),
);
const trafficMs = Date.now() - trafficStartedAt;
await sleep(1_500);

const snapshot = JSON.parse(await get(lifeline, '/api/lifeline/status')) as { components: unknown[] };
const statusPage = await get(lifeline, '/status');
const cpuPerGet: number[] = [];
for (let index = 0; index < 5; index++) {
  const before = process.cpuUsage();
  await get(lifeline, '/status');
  const used = process.cpuUsage(before);
  cpuPerGet.push((used.user + used.system) / 1000);
}
const apiStatus = await get(lifeline, '/api/lifeline/status');
const summary = await get(lifeline, '/api/v2/summary.json');
const metrics = await get(lifeline, '/metrics');
const memoryAfter = memoryMb();

// Probes: wait until the last traffic is older than idle_ms (30 s), then count for the window.
await sleep(Math.max(0, 31_000 - (Date.now() - trafficStartedAt - trafficMs)));
sim.control.clearRequests();
await sleep(PROBE_WINDOW_MS);
const probes = sim.control.requests().filter((request) => isProbe(request.body)).length;

// An outage of the provider: every name fails with 500 (twice per name, so each has enough
// failures for a verdict of its own); incidents and webhooks describe it.
sim.control.addFault({ kind: 'status', status: 500, errorType: 'api_error', persistent: true });
next = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < 2 * NAMES) await ask(lifeline, `${PREFIX}${next++ % NAMES}`);
  }),
);
await sleep(8_000);
const incidents = await get(lifeline, '/api/lifeline/incidents');
const webhookBytes = hooks.received.reduce((sum, hook) => sum + hook.rawBody.length, 0);
const largestWebhook = Math.max(0, ...hooks.received.map((hook) => hook.rawBody.length));
sim.control.clearFaults();

await lifeline.close();
lifeline = await start();
await sleep(1_500);
const afterRestart = await get(lifeline, '/status');
const afterRestartApi = await get(lifeline, '/api/lifeline/status');
const count = (text: string) => text.split(PREFIX).length - 1;

const report = {
  names: NAMES,
  answers: Object.fromEntries(statuses),
  trafficSeconds: Math.round(trafficMs / 100) / 10,
  components: snapshot.components.length,
  statusPageBytes: Buffer.byteLength(statusPage),
  statusPageCpuMsPerGet: Math.round(cpuPerGet.reduce((sum, value) => sum + value, 0) / cpuPerGet.length),
  apiLifelineStatusBytes: Buffer.byteLength(apiStatus),
  summaryJsonBytes: Buffer.byteLength(summary),
  metricsLines: metrics.split('\n').length,
  memoryMbBefore: memoryBefore,
  memoryMbAfter: memoryAfter,
  probeRequests: { windowMs: PROBE_WINDOW_MS, count: probes, perMinute: Math.round((probes * 60_000) / PROBE_WINDOW_MS) },
  incidentsJsonBytes: Buffer.byteLength(incidents),
  webhooks: { deliveries: hooks.received.length, totalBytes: webhookBytes, largestBytes: largestWebhook },
  madeUpNamesInIncidents: count(incidents),
  afterRestart: { madeUpNamesOnStatusPage: count(afterRestart), madeUpNamesInApiStatus: count(afterRestartApi), statusPageBytes: Buffer.byteLength(afterRestart) },
};
console.log(JSON.stringify(report, null, 2));

await lifeline.close();
await hooks.close();
await sim.close();
rmSync(directory, { recursive: true, force: true });
