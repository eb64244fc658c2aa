import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/simulators/index.js';
import { startLifelineProcess } from '../support/lifeline-process.js';
import { startStack } from '../support/start-stack.js';

/**
 * Issue 10, graceful shutdown: on SIGTERM a `lifeline start` process stops taking connections,
 * lets the streams in flight finish within `server.shutdown_grace_ms`, then exits 0; a stream
 * longer than the grace is cut when it runs out. Shutdown hooks run after the drain.
 */

let directory: string;
let slow: SimulatorHandle;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'lifeline-shutdown-'));
  // 20 deltas 100 ms apart: a stream of about 2 s.
  slow = await startSimulator({ name: 'slow', format: 'anthropic', chunkCount: 20, chunkDelayMs: 100 });
});
afterAll(async () => {
  await slow?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

async function configWithGrace(graceMs: number): Promise<string> {
  const path = join(directory, `grace-${graceMs}.yaml`);
  await writeFile(
    path,
    stringify({
      server: { host: '127.0.0.1', port: 0, shutdown_grace_ms: graceMs },
      providers: { slow: { type: 'anthropic', base_url: slow.url, keys: ['sk-slow-shutdown-key-0001'] } },
      routes: { 'claude-*': ['slow/claude-slow'] },
      storage: { path: ':memory:' },
      health: { official: { enabled: false }, probe: { enabled: false } },
      logging: { level: 'warn' },
    }),
  );
  return path;
}

describe('graceful shutdown (issue 10)', () => {
  it('finishes a stream in flight after SIGTERM, refuses new connections meanwhile, and exits 0', async () => {
    const lifeline = await startLifelineProcess(await configWithGrace(10_000));
    const client = new Anthropic({ baseURL: lifeline.url, apiKey: 'client-key', maxRetries: 0 });
    const stream = client.messages.stream({ model: 'claude-slow', max_tokens: 64, messages: [{ role: 'user', content: 'a slow answer please' }] });
    let deltas = 0;
    let signalled: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
    stream.on('text', () => {
      deltas += 1;
      if (deltas === 1) signalled = lifeline.stop('SIGTERM');
    });
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe('end_turn');
    expect(deltas).toBeGreaterThan(10);
    await expect(fetch(`${lifeline.url}/healthz`)).rejects.toThrow();
    expect(await signalled).toEqual({ code: 0, signal: null });
    expect(lifeline.stderr()).toMatch(/every request in flight finished/);
  }, 30_000);

  it('cuts a stream that outlasts the grace and still exits 0', async () => {
    const lifeline = await startLifelineProcess(await configWithGrace(300));
    const client = new Anthropic({ baseURL: lifeline.url, apiKey: 'client-key', maxRetries: 0 });
    const stream = client.messages.stream({ model: 'claude-slow', max_tokens: 64, messages: [{ role: 'user', content: 'a slow answer please' }] });
    let signalled: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
    stream.on('text', () => (signalled ??= lifeline.stop('SIGTERM')));
    await expect(stream.finalMessage()).rejects.toThrow();
    expect(await signalled).toEqual({ code: 0, signal: null });
    expect(lifeline.stderr()).toMatch(/1 request\(s\) were still running when the grace ran out/);
  }, 30_000);

  it('reports not ready while draining and runs shutdown hooks after the requests, before the store closes', async () => {
    const stack = await startStack({
      providers: [{ name: 'slow', simulator: { format: 'anthropic', chunkCount: 10, chunkDelayMs: 100 } }],
      routes: { 'claude-*': ['slow/claude-slow'] },
    });
    const order: string[] = [];
    stack.lifeline.services.gateway.events.onRequestEnd(() => order.push('request ended'));
    stack.lifeline.onShutdown(async () => {
      order.push('hook');
      // The store is still open for the hook (a lease released here must reach it).
      await stack.lifeline.store.incidents.list({ limit: 1 });
      order.push('store still open');
    });
    const client = new Anthropic({ baseURL: stack.anthropicBaseUrl, apiKey: 'client-key', maxRetries: 0 });
    const stream = client.messages.stream({ model: 'claude-slow', max_tokens: 64, messages: [{ role: 'user', content: 'a slow answer please' }] });
    let readyDuringDrain: number | undefined;
    let shutdown: Promise<number> | undefined;
    stream.on('text', () => {
      if (shutdown) return;
      shutdown = stack.lifeline.shutdown();
    });
    stream.on('text', () => {
      if (readyDuringDrain !== undefined || !shutdown) return;
      readyDuringDrain = 0;
      // The drain closes idle keep-alive connections: ask over a fresh one that is refused, or
      // answered 503 if it was accepted before the listener closed.
      void fetch(`${stack.anthropicBaseUrl}/readyz`).then(
        (response) => (readyDuringDrain = response.status),
        () => (readyDuringDrain = -1),
      );
    });
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe('end_turn');
    expect(await shutdown).toBe(0);
    expect(order).toEqual(['request ended', 'hook', 'store still open']);
    expect([503, -1]).toContain(readyDuringDrain);
    await Promise.all(Object.values(stack.sims).map((sim) => sim.close()));
  }, 30_000);
});
