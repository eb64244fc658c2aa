import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { startOwnRedisServer } from '../shared-state/redis-test-support.js';
import { dropSchemas, freshSchemaName, TEST_POSTGRES_URL } from '../store/postgres/postgres-test-schema.js';
import { readMemory } from './process-stats.js';
import { killAllChildren, spawnNodeProcess, type ChildHandle } from './spawn-process.js';

/**
 * `npm run soak`: a bounded soak of a three-instance fleet on loopback, to see whether memory
 * grows. Starts two simulators, a redis-server of its own on an ephemeral port, a fresh schema in
 * the machine's PostgreSQL (LIFELINE_TEST_POSTGRES_URL) and three `lifeline start` processes;
 * sends mixed Anthropic/OpenAI, streaming and non-streaming traffic round-robin, with the primary
 * failing for 10 s of every 30 (breakers open, probe, close and are shared); samples each
 * instance's RSS every 5 s and prints the series and a least-squares slope after the warm-up.
 *
 * LIFELINE_SOAK_SECONDS (default 150), LIFELINE_SOAK_CONCURRENCY (default 8).
 */

const DIST_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SECONDS = Number(process.env.LIFELINE_SOAK_SECONDS ?? 150);
const CONCURRENCY = Number(process.env.LIFELINE_SOAK_CONCURRENCY ?? 8);
const SAMPLE_MS = 5_000;
const WARMUP_MS = 30_000;
const FLAP_PERIOD_MS = 30_000;
const FLAP_DOWN_MS = 10_000;

function startSimulatorProcess(format: 'anthropic' | 'openai'): Promise<ChildHandle> {
  return spawnNodeProcess({
    name: `${format} simulator`,
    nodeArgs: [join(DIST_ROOT, 'simulators', 'cli.js'), '--format', format, '--port', '0', '--chunk-count', '8', '--chunk-delay-ms', '5'],
    readyStream: 'stdout',
    readyPattern: /^(http:\/\/\S+)$/m,
  });
}

function body(kind: number): { path: string; payload: unknown; headers: Record<string, string> } {
  const stream = kind % 2 === 1;
  if (kind % 4 < 2) {
    return {
      path: '/v1/messages',
      payload: { model: 'claude-soak', max_tokens: 32, stream, messages: [{ role: 'user', content: `soak ${kind}` }] },
      headers: { 'x-api-key': 'client-key', 'anthropic-version': '2023-06-01' },
    };
  }
  return { path: '/v1/chat/completions', payload: { model: 'claude-soak', stream, messages: [{ role: 'user', content: `soak ${kind}` }] }, headers: { authorization: 'Bearer client-key' } };
}

/** Least-squares slope of `values` over `timesMs`, in units per minute. */
function slopePerMinute(timesMs: number[], values: number[]): number {
  const count = values.length;
  if (count < 2) return 0;
  const meanTime = timesMs.reduce((sum, time) => sum + time, 0) / count;
  const meanValue = values.reduce((sum, value) => sum + value, 0) / count;
  let numerator = 0;
  let denominator = 0;
  for (let index = 0; index < count; index++) {
    numerator += (timesMs[index]! - meanTime) * (values[index]! - meanValue);
    denominator += (timesMs[index]! - meanTime) ** 2;
  }
  return denominator === 0 ? 0 : (numerator / denominator) * 60_000;
}

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'lifeline-soak-'));
  const schema = freshSchemaName('soak');
  const redis = await startOwnRedisServer();
  const [primary, fallback] = await Promise.all([startSimulatorProcess('anthropic'), startSimulatorProcess('openai')]);
  const instances: ChildHandle[] = [];
  try {
    for (const index of [0, 1, 2]) {
      const path = join(directory, `instance-${index}.yaml`);
      writeFileSync(
        path,
        stringify({
          server: { host: '127.0.0.1', port: 0 },
          providers: {
            primary: { type: 'anthropic', base_url: primary.url, keys: ['sk-primary-soak-key-0001'] },
            fallback: { type: 'openai', base_url: fallback.url, keys: ['sk-fallback-soak-key-0001'] },
          },
          routes: { 'claude-*': ['primary/claude-soak', 'fallback/gpt-5'] },
          storage: { url: TEST_POSTGRES_URL, schema },
          state: { redis_url: redis.url, redis_prefix: 'lifeline-soak:' },
          resilience: { breaker: { base_ejection_time_ms: 3_000, max_ejection_time_ms: 3_000 } },
          health: { official: { enabled: false }, probe: { enabled: false } },
          logging: { level: 'warn' },
        }),
      );
      instances.push(
        await spawnNodeProcess({
          name: `lifeline ${index}`,
          nodeArgs: [join(DIST_ROOT, 'cli', 'main.js'), 'start', '--config', path],
          readyStream: 'stderr',
          readyPattern: /Lifeline listening on (http:\/\/\S+)/,
          discardStdout: true,
          startTimeoutMs: 30_000,
        }),
      );
    }

    const startedAt = Date.now();
    const endAt = startedAt + SECONDS * 1000;
    const counts = { ok: 0, failed: 0 };
    let turn = 0;
    const worker = async () => {
      while (Date.now() < endAt) {
        const kind = turn++;
        const instance = instances[kind % instances.length]!;
        const { path, payload, headers } = body(kind);
        try {
          const response = await fetch(`${instance.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(payload) });
          const text = await response.text();
          if (response.ok && !text.includes('"error"')) counts.ok += 1;
          else counts.failed += 1;
        } catch {
          counts.failed += 1;
        }
      }
    };
    let down = false;
    const flap = setInterval(() => {
      const phase = (Date.now() - startedAt) % FLAP_PERIOD_MS;
      const shouldBeDown = phase >= FLAP_PERIOD_MS - FLAP_DOWN_MS;
      if (shouldBeDown === down) return;
      down = shouldBeDown;
      const request = down
        ? fetch(`${primary.url}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'status', status: 529, errorType: 'overloaded_error', persistent: true }) })
        : fetch(`${primary.url}/_sim/faults`, { method: 'DELETE' });
      void request.then((response) => response.arrayBuffer()).catch(() => undefined);
    }, 500);
    const samples: Array<{ atMs: number; rssKb: number[] }> = [];
    const sample = () => samples.push({ atMs: Date.now() - startedAt, rssKb: instances.map((instance) => readMemory(instance.pid).residentKb) });
    sample();
    const sampler = setInterval(sample, SAMPLE_MS);
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    clearInterval(sampler);
    clearInterval(flap);
    sample();

    const afterWarmup = samples.filter((entry) => entry.atMs >= WARMUP_MS);
    const lines = [
      `soak: 3 instances, ${SECONDS} s, ${CONCURRENCY} concurrent, primary failing ${FLAP_DOWN_MS / 1000} s of every ${FLAP_PERIOD_MS / 1000} s`,
      `requests: ${counts.ok} answered, ${counts.failed} failed`,
      `RSS MB every ${SAMPLE_MS / 1000} s (t, instance 0, 1, 2):`,
      ...samples.map((entry) => `  ${String(Math.round(entry.atMs / 1000)).padStart(4)} s  ${entry.rssKb.map((kb) => (kb / 1024).toFixed(1).padStart(7)).join(' ')}`),
      ...[0, 1, 2].map((index) => {
        const values = afterWarmup.map((entry) => entry.rssKb[index]! / 1024);
        const first = values[0] ?? 0;
        const last = values.at(-1) ?? 0;
        return `instance ${index}: after warm-up ${first.toFixed(1)} → ${last.toFixed(1)} MB (max ${Math.max(...values).toFixed(1)}), slope ${slopePerMinute(afterWarmup.map((entry) => entry.atMs), values).toFixed(2)} MB/min`;
      }),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await Promise.all(instances.map((instance) => instance.stop(5_000)));
    await Promise.all([primary.stop(), fallback.stop()]);
    await redis.kill();
    await dropSchemas([schema]).catch(() => undefined);
    rmSync(directory, { recursive: true, force: true });
  }
}

main().catch(async (error: unknown) => {
  process.stderr.write(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  await killAllChildren(1000);
  process.exit(1);
});
