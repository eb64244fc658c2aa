import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exchangeRaw, parseRawAnswer, requestHead } from '../support/raw-http.js';
import { startStack, type Stack } from '../support/start-stack.js';

// Issue 15, item 3: a web page the developer happens to open must not be able to use a Lifeline on
// localhost. Cross-origin POSTs (text/plain needs no preflight), foreign Origins and DNS-rebound
// Host names are refused in the caller's error shape, and nothing reaches a provider.

const ADMIN_TOKEN = 'admin-token-browser-door-0001';
const ALLOWED_ORIGIN = 'http://localhost:5173';
const EVIL_ORIGIN = 'http://evil.example';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { name: 'asim', simulator: { format: 'anthropic' } },
      { name: 'osim', simulator: { format: 'openai' } },
    ],
    routes: { 'claude-*': ['asim/*'], 'gpt-*': ['osim/*'] },
    server: { allowed_origins: [ALLOWED_ORIGIN], allowed_hosts: ['lifeline.lan'] },
    config: { admin: { token: ADMIN_TOKEN } },
  });
});
afterAll(async () => stack?.close());
beforeEach(() => {
  for (const sim of Object.values(stack.sims)) sim.control.clearRequests();
});

const upstreamRequests = () => Object.values(stack.sims).reduce((total, sim) => total + sim.control.requests().length, 0);
const anthropicBody = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
const openaiBody = JSON.stringify({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] });

/** An error envelope of either protocol (or an answer: only its status is read then). */
type AnswerBody = { type?: unknown; error: Record<string, unknown> };

async function post(path: string, body: string | Blob, headers: Record<string, string>): Promise<{ status: number; headers: Headers; body: AnswerBody }> {
  const response = await fetch(`${stack.lifeline.url}${path}`, { method: 'POST', headers, body, signal: AbortSignal.timeout(5_000) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as AnswerBody };
}

describe('issue 15: cross-origin and non-JSON requests', () => {
  it('refuses the classic attack, a cross-origin text/plain POST, and sends nothing upstream', async () => {
    const answer = await post('/v1/messages', anthropicBody, { 'content-type': 'text/plain;charset=UTF-8', origin: EVIL_ORIGIN });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({ type: 'error', error: { type: 'permission_error', message: expect.stringContaining('server.allowed_origins') } });
    expect(upstreamRequests()).toBe(0);
  });

  it('refuses a body that is not application/json with 415 in the caller\'s shape on every endpoint that spends keys', async () => {
    const messages = await post('/v1/messages', anthropicBody, { 'content-type': 'text/plain', 'anthropic-version': '2023-06-01' });
    expect(messages.status).toBe(415);
    expect(messages.body).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('application/json') } });
    const countTokens = await post('/v1/messages/count_tokens', anthropicBody, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(countTokens.status).toBe(415);
    expect(countTokens.body.type).toBe('error');
    // A Blob without a type: fetch sends no content-type at all.
    const chat = await post('/v1/chat/completions', new Blob([openaiBody]), {});
    expect(chat.status).toBe(415);
    expect(chat.body).toEqual({ error: { message: expect.stringContaining('no content-type'), type: 'invalid_request_error', param: null, code: 'unsupported_media_type' } });
    expect(upstreamRequests()).toBe(0);
  });

  it('refuses a foreign Origin with 403 even with a JSON body, on the model endpoints and the admin API', async () => {
    const chat = await post('/v1/chat/completions', openaiBody, { 'content-type': 'application/json', origin: 'http://localhost:3000' });
    expect(chat.status).toBe(403);
    expect(chat.body.error).toMatchObject({ code: 'origin_not_allowed' });
    const admin = await fetch(`${stack.lifeline.url}/admin/incidents`, { headers: { origin: EVIL_ORIGIN, authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(admin.status).toBe(403);
    const opaque = await post('/v1/messages', anthropicBody, { 'content-type': 'application/json', origin: 'null' });
    expect(opaque.status).toBe(403);
    expect(upstreamRequests()).toBe(0);
  });

  it('lets any page read the public status page and its APIs', async () => {
    for (const path of ['/status', '/api/v2/summary.json', '/api/lifeline/status']) {
      const response = await fetch(`${stack.lifeline.url}${path}`, { headers: { origin: EVIL_ORIGIN } });
      expect(response.status, path).toBe(200);
      await response.body?.cancel();
    }
  });

  it('serves a browser app on an allowed origin: preflight, then the answer with CORS headers', async () => {
    const preflight = await fetch(`${stack.lifeline.url}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-stainless-os' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization,content-type,x-stainless-os');
    const answer = await post('/v1/chat/completions', openaiBody, { 'content-type': 'application/json', origin: ALLOWED_ORIGIN });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(answer.headers.get('vary')).toMatch(/origin/i);
  });

  it('refuses a preflight from a foreign origin', async () => {
    const preflight = await fetch(`${stack.lifeline.url}/v1/messages`, { method: 'OPTIONS', headers: { origin: EVIL_ORIGIN, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps working for the official SDKs (JSON, no Origin, Host 127.0.0.1:port)', async () => {
    const anthropic = new Anthropic({ baseURL: stack.anthropicBaseUrl, apiKey: 'client-key', maxRetries: 0 });
    const message = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.content[0]?.type).toBe('text');
    const openai = new OpenAI({ baseURL: stack.openaiBaseUrl, apiKey: 'client-key', maxRetries: 0 });
    const completion = await openai.chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]?.message.content).toBeTruthy();
    expect(upstreamRequests()).toBe(2);
  });
});

describe('issue 15: DNS rebinding', () => {
  const rebound = (path: string, method = 'GET', body = '') =>
    exchangeRaw(
      stack.lifeline.port,
      requestHead(method, path, {
        host: `rebind.evil.example:${stack.lifeline.port}`,
        ...(body ? { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'content-length': Buffer.byteLength(body) } : {}),
        connection: 'close',
      }) + body,
      { capMs: 5_000 },
    );

  it('answers a rebound Host with 421 in the caller\'s shape and sends nothing upstream', async () => {
    const answer = parseRawAnswer((await rebound('/v1/messages', 'POST', anthropicBody)).text);
    expect(answer.status).toBe(421);
    expect(answer.body).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('server.allowed_hosts') } });
    expect(upstreamRequests()).toBe(0);
  });

  it('never puts the rebound name into status links: the page and its APIs refuse it too', async () => {
    for (const path of ['/api/v2/summary.json', '/status', '/api/lifeline/status']) {
      const exchange = await rebound(path);
      expect(parseRawAnswer(exchange.text).status, path).toBe(421);
      expect(exchange.text).not.toContain('http://rebind.evil.example');
    }
  });

  it('uses a configured name (server.allowed_hosts) in links', async () => {
    const exchange = await exchangeRaw(stack.lifeline.port, requestHead('GET', '/api/v2/summary.json', { host: `lifeline.lan:${stack.lifeline.port}`, connection: 'close' }), { capMs: 5_000 });
    const answer = parseRawAnswer(exchange.text);
    expect(answer.status).toBe(200);
    expect((answer.body as { page: { url: string } }).page.url).toBe(`http://lifeline.lan:${stack.lifeline.port}/status`);
  });
});
