import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Anthropic from '@anthropic-ai/sdk';
import BetterSqlite3 from 'better-sqlite3';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/create-logger.js';
import { createTempProject, removeTempDirectory, runClaudeCode } from '../support/claude-code.js';
import { startStack, type Stack } from '../support/start-stack.js';
import { waitUntil } from '../support/wait-until.js';

/**
 * Issue 10, client keys: every refusal in both protocols (streaming too) with the official SDKs
 * and Claude Code's `ANTHROPIC_AUTH_TOKEN` style (Bearer on /v1/messages); usage from the
 * providers' own figures; and no key's text anywhere it could leak: logs, metrics, the SQLite
 * file, admin answers and the status pages.
 */

const ADMIN_TOKEN = 'admin-token-issue-10-keys';
const MESSAGE = { max_tokens: 50, messages: [{ role: 'user' as const, content: 'hi' }] };

let stack: Stack;
let directory: string;
const logChunks: string[] = [];
const createdKeys: string[] = [];

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${stack.lifeline.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, json: await response.json() };
}

async function createKey(body: Record<string, unknown>): Promise<string> {
  const answer = await admin('POST', '/admin/keys', body);
  expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  createdKeys.push(answer.json.key);
  return answer.json.key as string;
}

const anthropicWith = (options: { apiKey?: string | null; authToken?: string | null }) =>
  new Anthropic({ baseURL: stack.anthropicBaseUrl, maxRetries: 0, apiKey: options.apiKey ?? null, authToken: options.authToken ?? null });
const openaiWith = (apiKey: string) => new OpenAI({ baseURL: stack.openaiBaseUrl, apiKey, maxRetries: 0 });

/** The status and error envelope a call failed with. */
async function failure(call: () => Promise<unknown>): Promise<{ status: number; error: any; headers: Headers | undefined }> {
  try {
    await call();
  } catch (error) {
    const apiError = error as { status?: number; error?: unknown; headers?: Headers };
    return { status: apiError.status ?? 0, error: apiError.error, headers: apiError.headers };
  }
  throw new Error('the call succeeded');
}

async function openaiStream(client: OpenAI, model: string): Promise<string> {
  const stream = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  return text;
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'lifeline-issue-10-keys-'));
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logChunks.push(chunk.toString('utf8'));
      done();
    },
  });
  stack = await startStack({
    providers: [
      { name: 'asim', simulator: { format: 'anthropic' } },
      { name: 'osim', simulator: { format: 'openai' } },
    ],
    routes: { 'claude-*': ['asim/*'], 'gpt-*': ['osim/*'], 'cross-gpt': ['asim/claude-sonnet-4-5'] },
    config: { storage: { path: join(directory, 'lifeline.db') }, admin: { token: ADMIN_TOKEN } },
    logger: createLogger('debug', logStream),
  });
});

afterAll(async () => {
  await stack?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('client keys (issue 10)', () => {
  it('leaves a loopback Lifeline without keys open, as before', async () => {
    const message = await anthropicWith({ apiKey: 'claude-code-placeholder' }).messages.create({ model: 'claude-x', ...MESSAGE });
    expect(message.content[0]?.type).toBe('text');
  });

  it('once a key exists, requires one: missing or unknown is 401 in the caller\'s shape, streaming too', async () => {
    const key = await createKey({ name: 'everything' });
    expect(key).toMatch(/^ll-[A-Za-z0-9_-]{32}$/);
    // The SDKs refuse to send without a key, so the missing case is a plain request.
    const missing = await fetch(`${stack.anthropicBaseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-x', ...MESSAGE, stream: true }),
    });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: expect.stringContaining('x-api-key') } });
    const missingOpenai = await fetch(`${stack.openaiBaseUrl}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-5', messages: [] }) });
    expect(missingOpenai.status).toBe(401);
    expect(await missingOpenai.json()).toMatchObject({ error: { type: 'authentication_error', code: 'invalid_api_key' } });
    const wrongOpenai = await failure(() => openaiWith('ll-not-a-real-key-at-all-000000000').chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] }));
    expect(wrongOpenai.status).toBe(401);
    expect(wrongOpenai.error).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key' });
    const wrongStream = await failure(() => openaiStream(openaiWith('sk-provider-key-sent-by-mistake'), 'gpt-5'));
    expect(wrongStream.status).toBe(401);
    const wrongAnthropicStream = await failure(() => anthropicWith({ apiKey: `${key}x` }).messages.stream({ model: 'claude-x', ...MESSAGE }).finalMessage());
    expect(wrongAnthropicStream.status).toBe(401);
    expect(wrongAnthropicStream.error).toMatchObject({ error: { type: 'authentication_error' } });
    // /v1/models is behind the key too; /healthz and the status page are not.
    expect((await fetch(`${stack.lifeline.url}/v1/models`)).status).toBe(401);
    expect((await fetch(`${stack.lifeline.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${stack.lifeline.url}/status`)).status).toBe(200);
  });

  it('lets a valid key through as x-api-key, as Bearer (ANTHROPIC_AUTH_TOKEN) and from the OpenAI SDK, streaming or not', async () => {
    const key = await createKey({ name: 'sdk-user' });
    expect((await anthropicWith({ apiKey: key }).messages.create({ model: 'claude-x', ...MESSAGE })).content[0]?.type).toBe('text');
    const viaBearer = await anthropicWith({ authToken: key }).messages.stream({ model: 'claude-x', ...MESSAGE }).finalMessage();
    expect(viaBearer.content[0]?.type).toBe('text');
    const openai = openaiWith(key);
    expect((await openai.chat.completions.create({ model: 'cross-gpt', messages: [{ role: 'user', content: 'hi' }] })).choices[0]?.message.content).toBeTruthy();
    expect((await openaiStream(openai, 'gpt-5')).length).toBeGreaterThan(0);
    // Claude Code sends both when ANTHROPIC_AUTH_TOKEN is set beside a placeholder API key: the ll- key wins.
    const both = await fetch(`${stack.anthropicBaseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'placeholder', authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: 'claude-x', ...MESSAGE }),
    });
    expect(both.status).toBe(200);
    await both.text();
  });

  it('counts usage per key, day, model and answering target from the providers\' figures, streams included', async () => {
    const usage = await waitUntil(
      async () => {
        const answer = await admin('GET', '/admin/keys/sdk-user/usage');
        return answer.json.usage?.totals.requests >= 5 ? answer.json.usage : undefined;
      },
      { timeoutMs: 5_000, description: 'five requests of sdk-user counted' },
    );
    const report = usage.value;
    expect(report.name).toBe('sdk-user');
    expect(report.totals.inputTokens).toBeGreaterThan(0);
    expect(report.totals.outputTokens).toBeGreaterThan(0);
    const targets = report.days.map((row: { model: string; target: string }) => `${row.model} -> ${row.target}`);
    expect(targets).toEqual(expect.arrayContaining(['claude-x -> asim/claude-x', 'cross-gpt -> asim/claude-sonnet-4-5', 'gpt-5 -> osim/gpt-5']));
    const streamed = report.days.find((row: { model: string }) => row.model === 'gpt-5');
    expect(streamed.outputTokens).toBeGreaterThan(0);
    const list = await admin('GET', '/admin/keys');
    const summary = list.json.client_keys.find((entry: { name: string }) => entry.name === 'sdk-user');
    expect(summary).toMatchObject({ state: 'active', today: { requests: report.totals.requests } });
    // Provider key health is still here, where it always was.
    expect(Array.isArray(list.json.keys)).toBe(true);
    // The same keys under both paths. Compared without the health readings: a stream's outcome is
    // recorded just after its client read the end, so `lastOkAt` may appear between the two reads.
    const named = (keys: Array<{ provider: string; label: string }>) => keys.map(({ provider, label }) => ({ provider, label }));
    expect(named((await admin('GET', '/admin/provider-keys')).json.keys)).toEqual(named(list.json.keys));
    expect(named(list.json.keys).length).toBeGreaterThan(0);
  });

  it('works for the real Claude Code with the key in ANTHROPIC_AUTH_TOKEN, and stops it with a revoked key', async () => {
    const key = await createKey({ name: 'claude-code' });
    const project = await createTempProject({ 'README.md': 'empty project\n' });
    try {
      const run = await runClaudeCode({ baseUrl: stack.anthropicBaseUrl, prompt: 'Say hello.', cwd: project, allowedTools: [], maxTurns: 1, extraEnv: { ANTHROPIC_AUTH_TOKEN: key } });
      expect(run.exitCode, run.stderr + run.stdout).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ type: 'result', is_error: false });
      const usage = await waitUntil(async () => ((await admin('GET', '/admin/keys/claude-code/usage')).json.usage?.totals.requests > 0 ? true : undefined), {
        timeoutMs: 5_000,
        description: 'Claude Code traffic counted on its key',
      });
      expect(usage.value).toBe(true);
      await admin('DELETE', '/admin/keys/claude-code');
      const refused = await runClaudeCode({ baseUrl: stack.anthropicBaseUrl, prompt: 'Say hello.', cwd: project, allowedTools: [], maxTurns: 1, extraEnv: { ANTHROPIC_AUTH_TOKEN: key }, timeoutMs: 60_000 });
      expect(refused.timedOut).toBe(false);
      expect(refused.exitCode).not.toBe(0);
      expect(JSON.parse(refused.stdout)).toMatchObject({ is_error: true });
      expect(refused.stdout + refused.stderr).toMatch(/revoked|401|authentication/i);
      expect(refused.stdout + refused.stderr).not.toContain(key);
    } finally {
      await removeTempDirectory(project);
    }
  }, 120_000);

  it('answers a route the key may not use with 403 permission_error in both protocols', async () => {
    const key = await createKey({ name: 'claude-only', routes: 'claude-*' });
    expect((await anthropicWith({ apiKey: key }).messages.create({ model: 'claude-x', ...MESSAGE })).content[0]?.type).toBe('text');
    const openaiRefused = await failure(() => openaiWith(key).chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] }));
    expect(openaiRefused.status).toBe(403);
    expect(openaiRefused.error).toMatchObject({ type: 'permission_error' });
    expect(openaiRefused.error.message).toContain('claude-only');
    const streamRefused = await failure(() => anthropicWith({ apiKey: key }).messages.stream({ model: 'gpt-5', ...MESSAGE }).finalMessage());
    expect(streamRefused.status).toBe(403);
    expect(streamRefused.error).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
  });

  it('refuses a revoked key and an expired one with 401', async () => {
    const key = await createKey({ name: 'leaving' });
    expect((await openaiWith(key).chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] })).choices.length).toBe(1);
    expect((await admin('DELETE', '/admin/keys/leaving')).json.client_key).toMatchObject({ state: 'revoked' });
    const revoked = await failure(() => openaiWith(key).chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] }));
    expect(revoked.status).toBe(401);
    expect(revoked.error.message).toContain('revoked');

    const store = stack.lifeline.store;
    const expiredText = 'll-expiredkeyexpiredkeyexpiredkey000';
    const { hashClientKey } = await import('../../src/client-keys/client-key-text.js');
    await store.clientKeys.create({ name: 'expired', prefix: 'll-expi', hash: hashClientKey(expiredText), routes: [], createdAt: Date.now() - 120_000, expiresAt: Date.now() - 60_000 });
    await createKey({ name: 'refresh-trigger' });
    const expired = await failure(() => anthropicWith({ apiKey: expiredText }).messages.stream({ model: 'claude-x', ...MESSAGE }).finalMessage());
    expect(expired.status).toBe(401);
    expect(expired.error.error.message).toContain('expired');
  });

  it('answers a key over its requests per minute with 429 and retry-after, in both protocols', async () => {
    const key = await createKey({ name: 'slow', rpm: 2 });
    await anthropicWith({ apiKey: key }).messages.create({ model: 'claude-x', ...MESSAGE });
    await openaiWith(key).chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] });
    const anthropicLimited = await failure(() => anthropicWith({ apiKey: key }).messages.create({ model: 'claude-x', ...MESSAGE }));
    expect(anthropicLimited.status).toBe(429);
    expect(anthropicLimited.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    expect(Number(anthropicLimited.headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const openaiLimited = await failure(() => openaiStream(openaiWith(key), 'gpt-5'));
    expect(openaiLimited.status).toBe(429);
    expect(openaiLimited.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
  });

  it('answers a key whose tokens for today are spent with 429 until the next UTC day', async () => {
    const key = await createKey({ name: 'budget', tokens_per_day: 5 });
    // The first answer spends more than the budget: the next request (once it is counted) is refused.
    await openaiStream(openaiWith(key), 'gpt-5');
    const refused = await waitUntil(
      async () => {
        try {
          await anthropicWith({ apiKey: key }).messages.create({ model: 'claude-x', ...MESSAGE });
          return undefined;
        } catch (error) {
          return error as { status: number; error: any; headers: Headers };
        }
      },
      { timeoutMs: 5_000, description: 'the token budget refuses the key' },
    );
    expect(refused.value.status).toBe(429);
    expect(refused.value.error.error).toMatchObject({ type: 'rate_limit_error' });
    expect(refused.value.error.error.message).toContain('tokens for today');
    const retryAfter = Number(refused.value.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    expect(refused.value.headers.get('x-should-retry')).toBe('false');
  });

  it('never shows any key\'s text: logs, metrics, the SQLite file, admin answers and pages', async () => {
    expect(createdKeys.length).toBeGreaterThan(5);
    const texts: Record<string, string> = {
      logs: logChunks.join(''),
      metrics: await (await fetch(`${stack.lifeline.url}/metrics`)).text(),
      adminKeys: JSON.stringify((await admin('GET', '/admin/keys')).json),
      adminUsage: JSON.stringify((await admin('GET', '/admin/keys/sdk-user/usage')).json),
      statusPage: await (await fetch(`${stack.lifeline.url}/status`)).text(),
      statusApi: await (await fetch(`${stack.lifeline.url}/api/lifeline/status`)).text(),
      summary: await (await fetch(`${stack.lifeline.url}/api/v2/summary.json`)).text(),
    };
    // The SQLite file and its WAL, bytes as stored, and every table's rows read back.
    for (const name of await readdir(directory)) texts[`file ${name}`] = (await readFile(join(directory, name))).toString('latin1');
    const database = new BetterSqlite3(join(directory, 'lifeline.db'), { readonly: true });
    try {
      const tables = database.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all();
      texts.rows = tables.map((table) => JSON.stringify(database.prepare(`SELECT * FROM "${table.name}"`).all())).join('\n');
      expect(texts.rows).toContain('sdk-user');
    } finally {
      database.close();
    }
    expect(texts.logs).toContain('"clientKey":"sdk-user"');
    for (const key of createdKeys) {
      for (const [where, text] of Object.entries(texts)) expect(text.includes(key), `${where} holds a key's text`).toBe(false);
    }
  });
});
