import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { closedLoopbackPort } from '../bench/free-port.js';

/** The Redis the tests use: the machine's (127.0.0.1:6379), or LIFELINE_TEST_REDIS_URL. */
export const TEST_REDIS_URL = process.env.LIFELINE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Whether Redis answers, checked once per test file. A test that needs it skips with this reason
 * when it does not, except under `CI=true`, where a missing Redis must fail the run.
 */
export async function redisSkipReason(url: string = TEST_REDIS_URL): Promise<{ reason: string } | undefined> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // The failure is the answer (connect() rejects with it), not news for the process log.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    if (process.env.CI === 'true') throw new Error(`Redis at ${url} is required under CI=true: ${(error as Error).message}`);
    return { reason: `Redis at ${url} is unreachable (${(error as Error).message}); set LIFELINE_TEST_REDIS_URL or start it` };
  } finally {
    client.disconnect();
  }
}

/** A key prefix unique per call, so parallel test runs never share keys. */
export function freshRedisPrefix(label = 'test'): string {
  return `lifeline-test:${label}:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

/** Deletes every key under `prefix` (test clean-up; never FLUSHDB on a shared Redis). */
export async function deleteRedisPrefix(prefix: string, url: string = TEST_REDIS_URL): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

/** A redis-server of the test's own, on an ephemeral port, that the test may stop and start again. */
export interface OwnRedisServer {
  readonly url: string;
  readonly port: number;
  /** Kills it (SIGKILL: an outage, not a clean stop) and waits until it exited. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: nothing is saved). */
  restart(): Promise<void>;
}

/**
 * Starts `redis-server --port N --save '' --appendonly no`: a Redis no other test or engineer
 * uses, so killing it takes nothing away from anyone else. Needs `redis-server` on PATH.
 */
export async function startOwnRedisServer(): Promise<OwnRedisServer> {
  const port = await closedLoopbackPort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const url = `redis://127.0.0.1:${port}`;
    for (let attempt = 0; ; attempt++) {
      if ((await redisSkipReason(url).catch(() => ({ reason: 'down' }))) === undefined) return;
      if (attempt > 100) throw new Error(`redis-server on port ${port} did not answer`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async kill() {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGKILL');
      });
    },
    restart: start,
  };
}
