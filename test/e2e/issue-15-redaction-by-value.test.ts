import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/create-logger.js';
import type { FaultSpec } from '../../src/simulators/types.js';
import { startStack, type Stack } from '../support/start-stack.js';
import { waitUntil } from '../support/wait-until.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * Issue 15, item 6: a provider that echoes the configured key back — a key of no known shape, in
 * its 400 and 401 bodies, its headers and a mid-stream error — must leave no trace of it in what
 * Lifeline answers (every protocol, streaming and not), logs, exports, stores or sends. Before,
 * only key-shaped text (`sk-…`) was scrubbed: these keys reached the client verbatim. Issue 11 added
 * the Responses API's clients.
 */

/** Keys with no prefix a pattern could know (the example), one per simulated provider. */
const ANTHROPIC_SIDE_KEY = 'abcDEF123xyz';
const OPENAI_SIDE_KEY = 'Zq8wLm3Rt9Vx';
const ADMIN_TOKEN = 'admin-tok-9f8e7d6c5b';
const WEBHOOK_SECRET = 'whsec-zz-4b3a2c1d';
const SECRETS = [ANTHROPIC_SIDE_KEY, OPENAI_SIDE_KEY, ADMIN_TOKEN, WEBHOOK_SECRET];

type Format = 'anthropic' | 'openai' | 'responses';
const ENDPOINT: Record<Format, string> = { anthropic: '/v1/messages', openai: '/v1/chat/completions', responses: '/v1/responses' };
const CLIENT_HEADERS: Record<Format, Record<string, string>> = {
  anthropic: { 'x-api-key': 'client-own-key', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
  openai: { authorization: 'Bearer client-own-key', 'content-type': 'application/json' },
  responses: { authorization: 'Bearer client-own-key', 'content-type': 'application/json' },
};
/** Client format × upstream: the same format (passthrough) and translated. */
const ROUTES: Array<{ client: Format; model: string; upstream: 'asim' | 'osim' }> = [
  { client: 'anthropic', model: 'claude-same', upstream: 'asim' },
  { client: 'anthropic', model: 'claude-cross', upstream: 'osim' },
  { client: 'openai', model: 'gpt-same', upstream: 'osim' },
  { client: 'openai', model: 'gpt-cross', upstream: 'asim' },
  // Issue 11: the Responses API, passed through to the OpenAI simulator's and translated.
  { client: 'responses', model: 'gpt-same', upstream: 'osim' },
  { client: 'responses', model: 'gpt-cross', upstream: 'asim' },
];
/** Where the provider repeats the key it was sent: the error message and two headers. */
const ECHO = { message: 'invalid API key {{key}} for this organization', headers: { 'x-request-id': 'req-{{key}}', 'www-authenticate': 'Bearer realm="{{key}}"' } };

let stack: Stack;
let receiver: WebhookReceiver;
let directory: string;
const logChunks: string[] = [];

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'lifeline-issue-15-redaction-'));
  receiver = await startWebhookReceiver();
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logChunks.push(chunk.toString('utf8'));
      done();
    },
  });
  stack = await startStack({
    providers: [
      { name: 'asim', simulator: { format: 'anthropic', keys: [ANTHROPIC_SIDE_KEY], chunkCount: 6 }, keys: [ANTHROPIC_SIDE_KEY] },
      { name: 'osim', simulator: { format: 'openai', keys: [OPENAI_SIDE_KEY], chunkCount: 6 }, keys: [OPENAI_SIDE_KEY] },
    ],
    routes: {
      'claude-same': ['asim/claude-sonnet-4-5'],
      'claude-cross': ['osim/gpt-5'],
      'gpt-same': ['osim/gpt-5'],
      'gpt-cross': ['asim/claude-sonnet-4-5'],
    },
    config: {
      storage: { path: join(directory, 'lifeline.db') },
      admin: { token: ADMIN_TOKEN },
      notifications: { webhooks: [{ name: 'ops', url: receiver.url, secret: WEBHOOK_SECRET }], base_delay_ms: 50, max_delay_ms: 100 },
      // A rejected key is tried again at once: every request below reaches the provider.
      resilience: { keys: { auth_cooldown_ms: 0 }, retries: { max_retries_per_target: 0 } },
    },
    logger: createLogger('debug', logStream),
  });
});

afterAll(async () => {
  await stack?.close();
  await receiver?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

/** Every secret, raw and URL-encoded, that `text` contains. */
function leaks(text: string): string[] {
  return SECRETS.flatMap((secret) => [secret, encodeURIComponent(secret)]).filter((form) => text.includes(form));
}

interface Answer {
  status: number;
  /** Status line facts, every header and the body, as one text to search. */
  everything: string;
  body: string;
}

async function send(client: Format, model: string, stream: boolean): Promise<Answer> {
  const body = client === 'anthropic'
    ? { model, max_tokens: 64, stream, messages: [{ role: 'user', content: 'hello' }] }
    : client === 'responses'
      ? { model, stream, input: 'hello' }
      : { model, stream, messages: [{ role: 'user', content: 'hello' }] };
  const response = await fetch(`${stack.lifeline.url}${ENDPOINT[client]}`, { method: 'POST', headers: CLIENT_HEADERS[client], body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  return { status: response.status, everything: `${response.status} ${JSON.stringify([...response.headers])}\n${text}`, body: text };
}

async function getText(path: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${stack.lifeline.url}${path}`, { headers, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  expect(response.status, `${path}: ${text.slice(0, 300)}`).toBe(200);
  return text;
}

describe('issue 15: a provider that echoes the configured key', () => {
  const cases = ROUTES.flatMap((route) => [400, 401].flatMap((status) => [false, true].map((stream) => ({ ...route, status, stream }))));

  it.each(cases)('$client client → $upstream, HTTP $status, stream $stream: the answer says what the provider said, without the key', async ({ client, model, upstream, status, stream }) => {
    stack.sims[upstream]!.control.addFault({ kind: 'status', status, ...ECHO } satisfies FaultSpec);
    const answer = await send(client, model, stream);
    expect(answer.status).toBe(status === 400 ? 400 : 502);
    expect(answer.body).toContain('invalid API key [redacted] for this organization');
    expect(leaks(answer.everything)).toEqual([]);
  });

  it.each(ROUTES)('$client client → $upstream, an error event in a started stream: the stream ends with the error, without the key', async ({ client, model, upstream }) => {
    stack.sims[upstream]!.control.addFault({ kind: 'error-event', afterEvents: 3, errorType: 'invalid_request_error', message: ECHO.message });
    const answer = await send(client, model, true);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatch(/error/);
    expect(answer.body).toContain('[redacted]');
    expect(leaks(answer.everything)).toEqual([]);
  });

  it('keeps no secret in the logs, /metrics, the status page and APIs, the admin API, webhook payloads or the SQLite file', async () => {
    // An admin pastes a key into an incident: stored, published and sent without it.
    const opened = await fetch(`${stack.lifeline.url}/admin/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Key ${ANTHROPIC_SIDE_KEY} rotated`, body: `The provider echoed ${OPENAI_SIDE_KEY} and ${encodeURIComponent(ADMIN_TOKEN)}.`, components: ['provider:asim'] }),
    });
    const openedText = await opened.text();
    expect(opened.status, openedText).toBe(201);
    expect(leaks(openedText)).toEqual([]);
    await waitUntil(() => (receiver.received.some((delivery) => delivery.event === 'incident.opened') ? true : undefined), { timeoutMs: 5_000, description: 'incident.opened delivered' });

    const surfaces: Record<string, string> = {
      metrics: await getText('/metrics'),
      statusPage: await getText('/status'),
      lifelineStatus: await getText('/api/lifeline/status'),
      lifelineIncidents: await getText('/api/lifeline/incidents'),
      summary: await getText('/api/v2/summary.json'),
      incidentsV2: await getText('/api/v2/incidents.json'),
      adminKeys: await getText('/admin/keys', { authorization: `Bearer ${ADMIN_TOKEN}` }),
      adminIncidents: await getText('/admin/incidents', { authorization: `Bearer ${ADMIN_TOKEN}` }),
      adminDeliveries: await getText('/admin/webhooks/deliveries', { authorization: `Bearer ${ADMIN_TOKEN}` }),
      webhooks: receiver.received.map((delivery) => `${delivery.signature}\n${delivery.rawBody}`).join('\n'),
    };
    // The incident is there, with the marker where the keys were.
    expect(surfaces.lifelineIncidents).toContain('Key [redacted] rotated');
    expect(surfaces.webhooks).toContain('The provider echoed [redacted] and [redacted].');
    // Keys are named by position: these keys are shorter than 20 characters, so no tail is shown.
    expect(surfaces.adminKeys).toContain('"label":"key-1"');
    for (const [surface, text] of Object.entries(surfaces)) expect(leaks(text), surface).toEqual([]);

    const log = logChunks.join('');
    expect(log).toContain('"msg":"request"');
    expect(log).toContain('[redacted]');
    expect(leaks(log)).toEqual([]);

    // The store's bytes, write-ahead log included, while Lifeline still runs.
    const files = (await readdir(directory)).filter((name) => name.startsWith('lifeline.db'));
    expect(files).toContain('lifeline.db');
    const stored = (await Promise.all(files.map((name) => readFile(join(directory, name))))).map((bytes) => bytes.toString('latin1')).join('\n');
    expect(stored).toContain('rotated');
    expect(leaks(stored)).toEqual([]);
  });
});
