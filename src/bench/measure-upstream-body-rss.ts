import { fileURLToPath } from 'node:url';
import { startLifeline } from '../app.js';
import { parseConfigText } from '../config/load-config.js';
import { createLogger } from '../observability/create-logger.js';
import { spawnNodeProcess } from './spawn-process.js';

/*
 * Lifeline's RSS while a provider sends far more than any answer, with the shipped limits.
 * Run: `npm run build && node --expose-gc dist/bench/measure-upstream-body-rss.js [MB]` (default 200).
 *
 * The simulated provider runs in its own process (its memory is not counted); Lifeline runs in
 * this one with the default configuration. Each attack runs twice (a second round that grew again
 * would mean memory is kept). For each: RSS before, the peak while the
 * request runs (sampled every 20 ms), the status the client got, and RSS 2 s after it (after a GC
 * when --expose-gc is given), which says whether the memory came back.
 */

const MB = 1024 * 1024;
const sentMb = Number(process.argv[2] ?? 200);

const ATTACKS = [
  { name: `non-stream answer of ${sentMb} MB`, stream: false, fault: { kind: 'huge-body', bytes: sentMb * MB } },
  { name: `error body of ${sentMb} MB (500)`, stream: false, fault: { kind: 'huge-error-body', status: 500, bytes: sentMb * MB } },
  { name: `one SSE line of ${sentMb} MB`, stream: true, fault: { kind: 'huge-sse-event', afterEvents: 3, bytes: sentMb * MB } },
];

const rssMb = () => process.memoryUsage().rss / MB;
const settle = async () => {
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 200));
};

async function main(): Promise<void> {
  const simulator = await spawnNodeProcess({
    name: 'simulator',
    nodeArgs: [fileURLToPath(new URL('../simulators/cli.js', import.meta.url)), '--format', 'anthropic'],
    readyStream: 'stdout',
    readyPattern: /^(http:\/\/\S+)/m,
  });
  const config = parseConfigText(
    [
      'server: { host: 127.0.0.1, port: 0 }',
      `providers: { sim: { type: anthropic, base_url: "${simulator.url}", keys: [sk-sim-0001] } }`,
      'routes: { "claude-*": ["sim/*"] }',
      'storage: { path: ":memory:" }',
      'health: { official: { enabled: false }, probe: { enabled: false } }',
      // The breaker would rightly eject the provider after five of these; every round must reach it.
      'resilience: { breaker: { consecutive_failures: 1000, minimum_volume: 1000 } }',
    ].join('\n'),
    { env: {} },
  );
  const lifeline = await startLifeline(config, { logger: createLogger('silent') });
  try {
    // One honest request first, so the baseline includes a warm pipeline.
    await send(lifeline.url, false);
    await settle();
    for (const attack of [...ATTACKS, ...ATTACKS]) {
      // Persistent, so the same-target retry meets it too.
      await fetch(`${simulator.url}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...attack.fault, persistent: true }) });
      const before = rssMb();
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 20);
      const startedAt = performance.now();
      const outcome = await send(lifeline.url, attack.stream).catch((error: unknown) => `failed: ${(error as Error).message}`);
      const seconds = (performance.now() - startedAt) / 1000;
      clearInterval(sampler);
      await fetch(`${simulator.url}/_sim/faults`, { method: 'DELETE' });
      peak = Math.max(peak, rssMb());
      await settle();
      console.log(`${attack.name}: RSS before ${before.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, after ${rssMb().toFixed(0)} MB; client got ${outcome} in ${seconds.toFixed(1)} s`);
    }
  } finally {
    await lifeline.close();
    await simulator.stop();
  }
}

/** Sends one request; resolves with the status and, for an error, its message. */
async function send(baseUrl: string, stream: boolean): Promise<string> {
  const response = await fetch(`${baseUrl}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'sk-client', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 50, stream, messages: [{ role: 'user', content: 'hi' }] }),
    signal: AbortSignal.timeout(300_000),
  });
  const text = await response.text();
  const error = /"message":"([^"]{0,160})/.exec(text.slice(-2_000))?.[1];
  return `${response.status}${error ? ` (${error})` : ''}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
