import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startSimulator, type SimulatorHandle } from '../../src/simulators/index.js';
import { runCli } from '../support/run-cli.js';
import { startStack, type Stack } from '../support/start-stack.js';

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function sendMessage(baseUrl: string): Promise<number> {
  const response = await request(`${baseUrl}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'client-key' },
    body: JSON.stringify({ model: 'claude-x', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
  });
  await response.body.text();
  return response.statusCode;
}

describe('lifeline status', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      providers: [
        { name: 'anthropic', simulator: { format: 'anthropic' } },
        { name: 'openai', simulator: { format: 'openai' } },
      ],
      routes: { 'claude-*': ['anthropic/*', 'openai/gpt-5'] },
      config: { status: { page_name: 'CLI test page' } },
    });
  });
  afterAll(async () => stack?.close());

  it('prints one line per provider and exits 0 while everything is operational, then 2 with the failing target during an outage', async () => {
    const healthy = await runCli(['status', '--url', stack.lifeline.url]);
    expect(healthy.stderr).toBe('');
    expect(healthy.code).toBe(0);
    const healthyLines = healthy.stdout.trimEnd().split('\n');
    expect(healthyLines[0]).toBe(`CLI test page at ${stack.lifeline.url}`);
    expect(healthyLines[1]).toBe('overall: operational');
    expect(healthyLines.slice(2)).toEqual([
      expect.stringMatching(/^anthropic {2}operational {4}since +\d+s ago {2}official: n\/a$/),
      expect.stringMatching(/^openai {5}operational {4}since +\d+s ago {2}official: n\/a$/),
    ]);

    stack.sims.anthropic!.control.addFault({ kind: 'status', status: 529, persistent: true });
    for (let index = 0; index < 8; index++) expect(await sendMessage(stack.lifeline.url)).toBe(200);
    stack.lifeline.health.evaluate();

    const outage = await runCli(['status', '--url', stack.lifeline.url]);
    expect(outage.code).toBe(2);
    const lines = outage.stdout.trimEnd().split('\n');
    expect(lines[1]).toMatch(/^overall: (PARTIAL|MAJOR) OUTAGE$/);
    expect(lines[2]).toMatch(/^anthropic {2}(PARTIAL|MAJOR) OUTAGE +since +\d+s ago \[global\] {2}official: n\/a$/);
    expect(lines[3]).toMatch(/^ {11}anthropic is failing .*overloaded/);
    // claude-x was never answered: it is counted under anthropic/*, not shown under its own name.
    expect(lines[4]).toMatch(/^ {11}- anthropic\/\*: (PARTIAL|MAJOR) OUTAGE since \d+s ago: .*overloaded/);
    expect(lines[5]).toMatch(/^openai {5}operational/);
    console.info(`lifeline status during an outage (exit ${outage.code}):\n${outage.stdout}`);
  });

  it('--json prints the instance snapshot with the same exit code', async () => {
    const run = await runCli(['status', '--json', '--url', stack.lifeline.url]);
    const body = JSON.parse(run.stdout) as { pageName: string; overall: string; components: Array<{ id: string; status: string; measured: unknown }> };
    expect(body.pageName).toBe('CLI test page');
    expect(body.components.map((component) => component.id)).toEqual(expect.arrayContaining(['provider:anthropic', 'provider:openai', 'target:anthropic/*']));
    expect(body.components[0]?.measured).toBeDefined();
    expect(run.code).toBe(body.overall === 'operational' ? 0 : body.overall === 'degraded_performance' ? 1 : 2);
  });

  it('exits 3 and says Lifeline is not running when nothing listens at the URL', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await runCli(['status', '--url', url]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`lifeline: Lifeline is not running at ${url} (connection refused)\n`);
  });
});

describe('lifeline check', () => {
  const VALID_KEY = 'sk-ant-valid-key-0001';
  const WRONG_KEY = 'sk-ant-wrong-key-0002';
  const OPENAI_KEY = 'sk-openai-test-key-0003';
  let anthropic: SimulatorHandle;
  let openai: SimulatorHandle;
  let directory: string;

  beforeAll(async () => {
    anthropic = await startSimulator({ format: 'anthropic', keys: [VALID_KEY] });
    openai = await startSimulator({ format: 'openai' });
    openai.control.addFault({ kind: 'status', status: 529, persistent: true });
    directory = await mkdtemp(join(tmpdir(), 'lifeline-cli-check-'));
  });
  afterAll(async () => {
    await anthropic?.close();
    await openai?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  async function writeConfig(name: string, anthropicKeys: string[], withOpenai: boolean): Promise<string> {
    const path = join(directory, name);
    const providers: Record<string, unknown> = { anthropic: { type: 'anthropic', base_url: anthropic.url, keys: anthropicKeys, status_page_url: false } };
    if (withOpenai) providers.openai = { type: 'openai', base_url: openai.url, keys: [OPENAI_KEY], status_page_url: false };
    const routes = { 'claude-*': ['anthropic/claude-sonnet-4-5', ...(withOpenai ? ['openai/gpt-5'] : [])] };
    await writeFile(path, stringify({ providers, routes, storage: { path: join(directory, 'unused.db') } }));
    return path;
  }

  it('says per key label valid / invalid key / provider down, never prints a key, and exits 1', async () => {
    const run = await runCli(['check', '--config', await writeConfig('mixed.yaml', [VALID_KEY, WRONG_KEY], true)]);
    console.info(`lifeline check (exit ${run.code}):\n${run.stdout}${run.stderr}`);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      `anthropic (anthropic, ${anthropic.url})`,
      expect.stringMatching(/^ {2}key-1 …0001 +valid +model claude-sonnet-4-5, \d+(\.\d)? m?s$/),
      expect.stringMatching(/^ {2}key-2 …0002 +invalid key +model claude-sonnet-4-5, \d+(\.\d)? m?s$/),
      // Under a failed check, the provider's own words.
      expect.stringMatching(/^ {3,}invalid x-api-key$/),
      `openai (openai, ${openai.url})`,
      expect.stringMatching(/^ {2}key-1 …0003 +provider down \(overloaded\) +model gpt-5, \d+(\.\d)? m?s$/),
      expect.stringMatching(/^ {3,}The server had an error while processing your request\. Sorry about that!$/),
      '3 keys checked: 1 valid, 2 not',
    ]);
    for (const key of [VALID_KEY, WRONG_KEY, OPENAI_KEY]) expect(run.stdout + run.stderr).not.toContain(key);
    // Probes were really sent, once per key.
    expect(anthropic.control.requests().filter((recorded) => recorded.path === '/v1/messages')).toHaveLength(2);
  });

  it('exits 0 when every key is valid', async () => {
    const run = await runCli(['check', '--config', await writeConfig('valid.yaml', [VALID_KEY], false)]);
    expect(run.stdout).toMatch(/key-1 …0001 +valid/);
    expect(run.stdout).toContain('1 key checked: 1 valid, 0 not');
    expect(run.code).toBe(0);
  });
});

describe('lifeline demo', () => {
  it('--fast --exit plays the outage with simulated providers: failover, an incident opened and resolved, no client errors', async () => {
    const run = await runCli(['demo', '--fast', '--exit', '--port', '0'], { timeoutMs: 40_000 });
    // The whole transcript as the failure message: it says which step of the story went wrong.
    expect(run.code, `${run.stdout}${run.stderr}`).toBe(0);
    expect(run.durationMs).toBeLessThan(40_000);
    // The very first thing it says is that the providers are simulated.
    expect(run.stdout.split('\n').slice(0, 3).join('\n')).toContain('the providers in this demo are SIMULATED');
    expect(run.stdout).toMatch(/Open the status page: http:\/\/127\.0\.0\.1:\d+\/status/);
    expect(run.stdout).toMatch(/FAILOVER: .* answered by openai\/gpt-5 after anthropic\/claude-sonnet-4-5=overloaded/);
    expect(run.stdout).toMatch(/verdict anthropic: (PARTIAL|MAJOR) OUTAGE \[global\]/);
    expect(run.stdout).toContain('INCIDENT OPENED: "Anthropic');
    expect(run.stdout).toContain('INCIDENT RESOLVED: "Anthropic');
    expect(run.stdout.indexOf('INCIDENT OPENED')).toBeLessThan(run.stdout.indexOf('INCIDENT RESOLVED'));
    expect(run.stdout).toMatch(/clients are answered by anthropic\/claude-sonnet-4-5 again/);
    expect(run.stdout).toMatch(/demo summary[\s\S]*clients: \d+ requests: \d+ ok, 0 errors/);
    expect(run.stdout).not.toContain('client ERROR');
  }, 45_000);
});
