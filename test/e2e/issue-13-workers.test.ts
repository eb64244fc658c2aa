import { request as httpRequest, Agent } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/simulators/index.js';
import { startLifelineProcess, type LifelineProcess } from '../support/lifeline-process.js';
import { waitUntil } from '../support/wait-until.js';

/**
 * Issue 13: `lifeline start --workers 2` on the SQLite defaults (no Redis). Both workers serve the
 * one port; a breaker opened by failures one worker saw refuses in the other (the primary holds
 * the shared state); a killed worker is replaced; SIGTERM drains every worker and exits 0.
 */

const MODEL = 'claude-workers';
let directory: string;
let primary: SimulatorHandle;
let slow: SimulatorHandle;
let lifeline: LifelineProcess;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'lifeline-workers-'));
  primary = await startSimulator({ name: 'primary', format: 'anthropic' });
  // 10 deltas 100 ms apart: a stream of about 1 s, for the drain (its own target: the primary's breaker is open by then).
  slow = await startSimulator({ name: 'slow', format: 'anthropic', chunkCount: 10, chunkDelayMs: 100 });
  const configPath = join(directory, 'lifeline.yaml');
  await writeFile(
    configPath,
    stringify({
      server: { host: '127.0.0.1', port: 0, shutdown_grace_ms: 10_000 },
      providers: {
        primary: { type: 'anthropic', base_url: primary.url, keys: ['sk-workers-test-key-0001'] },
        slow: { type: 'anthropic', base_url: slow.url, keys: ['sk-workers-test-key-0002'] },
      },
      routes: { [MODEL]: [`primary/${MODEL}`], 'drain-model': ['slow/drain-model'] },
      storage: { path: join(directory, 'lifeline.db') },
      resilience: { retries: { max_retries_per_target: 0 }, breaker: { consecutive_failures: 3, base_ejection_time_ms: 60_000 } },
      health: { official: { enabled: false }, probe: { enabled: false } },
      logging: { level: 'info' },
    }),
  );
  lifeline = await startLifelineProcess(configPath, { args: ['--workers', '2'], timeoutMs: 60_000 });
}, 90_000);
afterAll(async () => {
  await lifeline?.stop('SIGKILL');
  await primary?.close();
  await slow?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

interface Answer {
  status: number;
  worker: string | undefined;
  body: string;
}

/** One non-streaming request; `agent` false means a fresh connection (the kernel picks the worker). */
function ask(agent: Agent | false, path = '/v1/messages'): Promise<Answer> {
  const body = JSON.stringify({ model: MODEL, max_tokens: 16, messages: [{ role: 'user', content: 'hello' }] });
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${lifeline.url}${path}`,
      { method: path === '/v1/messages' ? 'POST' : 'GET', agent, headers: { 'content-type': 'application/json', 'x-api-key': 'client', 'anthropic-version': '2023-06-01' } },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, worker: response.headers['x-lifeline-worker'] as string | undefined, body: text }));
      },
    );
    request.on('error', reject);
    request.end(path === '/v1/messages' ? body : undefined);
  });
}

/** Worker id → pid, as the primary logged them (`worker listening`), newest last. */
function listeningWorkers(): Array<{ worker: number; pid: number }> {
  return lifeline
    .stdout()
    .split('\n')
    .flatMap((line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; worker?: number; pid?: number };
        return entry.msg === 'worker listening' && entry.worker !== undefined && entry.pid !== undefined ? [{ worker: entry.worker, pid: entry.pid }] : [];
      } catch {
        return [];
      }
    });
}

describe('lifeline start --workers 2 (issue 13)', () => {
  it('announces itself once every worker listens, so the first connections already spread', async () => {
    // The primary hands connections to listening workers in turn; announced before the second
    // worker listened, every connection a client opened at once (and kept) went to the first.
    const first = await Promise.all([0, 1, 2, 3].map(() => ask(false)));
    expect(first.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(first.map((answer) => answer.worker))).toEqual(new Set(['1', '2']));
  });

  it('serves the one port from both workers, each reporting the shared state on /readyz', async () => {
    const seen = new Set<string>();
    for (let attempt = 0; attempt < 200 && seen.size < 2; attempt++) {
      const answer = await ask(false);
      expect(answer.status).toBe(200);
      if (answer.worker) seen.add(answer.worker);
    }
    expect([...seen].sort()).toEqual(['1', '2']);
    const ready = await ask(false, '/readyz');
    expect(JSON.parse(ready.body)).toMatchObject({ status: 'ready', state: { kind: 'workers', mode: 'shared' } });
    const metrics = await ask(false, '/metrics');
    expect(metrics.body).toMatch(new RegExp(`lifeline_requests_total\\{[^}]*worker="${metrics.worker}"`));
  }, 60_000);

  it('refuses in one worker a target whose breaker opened on failures the other worker saw', async () => {
    primary.control.addFault({ kind: 'status', status: 529, errorType: 'overloaded_error', message: 'Overloaded', persistent: true });
    // One keep-alive connection: every failure lands on the same worker.
    const oneConnection = new Agent({ keepAlive: true, maxSockets: 1 });
    const failures: Answer[] = [];
    for (let attempt = 0; attempt < 3; attempt++) failures.push(await ask(oneConnection));
    oneConnection.destroy();
    const opener = failures[0]!.worker!;
    expect(failures.map((answer) => answer.worker)).toEqual([opener, opener, opener]);
    expect(failures.every((answer) => answer.status >= 500)).toBe(true);
    const reachedUpstream = primary.control.requests().length;
    // Fresh connections until the other worker answers: it refuses without calling the provider.
    const { value: other } = await waitUntil(
      async () => {
        const answer = await ask(false);
        return answer.worker !== opener ? answer : undefined;
      },
      { timeoutMs: 20_000, description: 'an answer from the other worker' },
    );
    expect(other.status).toBeGreaterThanOrEqual(500);
    expect(primary.control.requests().length).toBe(reachedUpstream);
    primary.control.clearFaults();
  }, 60_000);

  it('replaces a worker killed with SIGKILL, and keeps serving meanwhile', async () => {
    // The primary's log is buffered (flushed at least every second): wait for its line about worker 2.
    const { value: victim } = await waitUntil(() => listeningWorkers().find((entry) => entry.worker === 2), { timeoutMs: 10_000, description: 'the primary logging worker 2 listening' });
    process.kill(victim.pid, 'SIGKILL');
    const { value: replacement } = await waitUntil(() => listeningWorkers().find((entry) => entry.worker === 2 && entry.pid !== victim.pid), {
      timeoutMs: 30_000,
      description: 'a new worker 2 listening',
    });
    expect(replacement.pid).not.toBe(victim.pid);
    await waitUntil(() => (/worker exited; starting a replacement/.test(lifeline.stdout()) ? true : undefined), { timeoutMs: 5_000, description: 'the primary logging the replacement' });
    const answer = await ask(false, '/healthz');
    expect(answer.status).toBe(200);
  }, 60_000);

  it('drains every worker on SIGTERM: a stream in flight finishes, then the primary exits 0', async () => {
    const client = new Anthropic({ baseURL: lifeline.url, apiKey: 'client-key', maxRetries: 0 });
    const stream = client.messages.stream({ model: 'drain-model', max_tokens: 64, messages: [{ role: 'user', content: 'a slow answer please' }] });
    let deltas = 0;
    let stopped: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
    stream.on('text', () => {
      deltas += 1;
      if (deltas === 1) stopped = lifeline.stop('SIGTERM');
    });
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe('end_turn');
    expect(await stopped).toEqual({ code: 0, signal: null });
    expect(lifeline.stderr()).toMatch(/every worker finished/);
  }, 60_000);
});
