import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/start-stack.js';

// Bad input gets an error in the caller's own shape and status, with no key anywhere, and the
// process keeps serving. Broken upstream answers become 502s or in-stream errors, never hangs.

const CLIENT_KEY = 'sk-client-own-key-3141592653';
const SECRETS = [CLIENT_KEY, 'sk-asim-test-0001', 'sk-osim-test-0001'];
const MAX_BODY_BYTES = 16_384;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { name: 'asim', simulator: { format: 'anthropic', script: [{ reply: { text: 'The quick brown fox jumps over the lazy dog, twice over.' } }] } },
      { name: 'osim', simulator: { format: 'openai', script: [{ reply: { text: 'The quick brown fox jumps over the lazy dog, twice over.' } }] } },
    ],
    routes: {
      'claude-alias': ['asim/claude-sonnet-4-6'],
      'claude-via-openai': ['osim/gpt-5'],
      'gpt-alias': ['osim/gpt-5-mini'],
      'gpt-via-anthropic': ['asim/claude-sonnet-4-5'],
    },
    server: { max_body_bytes: MAX_BODY_BYTES },
  });
});
afterAll(async () => stack?.close());
afterEach(() => {
  for (const sim of Object.values(stack.sims)) sim.control.clearFaults();
});

type Format = 'anthropic' | 'openai';

const ENDPOINT: Record<Format, string> = { anthropic: '/v1/messages', openai: '/v1/chat/completions' };
const CLIENT_HEADERS: Record<Format, Record<string, string>> = {
  anthropic: { 'x-api-key': CLIENT_KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
  openai: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
};
const VALID_BODY: Record<Format, Record<string, unknown>> = {
  anthropic: { model: 'claude-alias', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] },
  openai: { model: 'gpt-alias', messages: [{ role: 'user', content: 'hi' }] },
};

interface ErrorAnswer {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

async function send(format: Format, init: { method?: string; path?: string; body?: string | ReadableStream<Uint8Array>; headers?: Record<string, string> }): Promise<ErrorAnswer> {
  const response = await fetch(`${stack.lifeline.url}${init.path ?? ENDPOINT[format]}`, {
    method: init.method ?? 'POST',
    headers: { ...CLIENT_HEADERS[format], ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
    ...(init.body instanceof ReadableStream ? { duplex: 'half' } : {}),
    signal: AbortSignal.timeout(5_000),
  } as RequestInit);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** Asserts the error envelope of `format` exactly, and that no key leaked into body or headers. */
function expectEnvelope(format: Format, answer: ErrorAnswer, expected: { status: number; type: string; code?: string | null; messageIncludes?: string }): void {
  expect(answer.status, answer.text).toBe(expected.status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  if (format === 'anthropic') {
    const body = answer.body as { type: unknown; error: Record<string, unknown>; request_id?: unknown };
    expect(Object.keys(body).filter((key) => key !== 'request_id').sort()).toEqual(['error', 'type']);
    expect(body.type).toBe('error');
    expect(Object.keys(body.error).sort()).toEqual(['message', 'type']);
    expect(body.error['type']).toBe(expected.type);
    expect(typeof body.error['message']).toBe('string');
    expect((body.error['message'] as string).length).toBeGreaterThan(0);
    if (expected.messageIncludes) expect(body.error['message']).toContain(expected.messageIncludes);
  } else {
    const body = answer.body as { error: Record<string, unknown> };
    expect(Object.keys(body)).toEqual(['error']);
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect(body.error['type']).toBe(expected.type);
    expect(typeof body.error['message']).toBe('string');
    expect((body.error['message'] as string).length).toBeGreaterThan(0);
    expect(body.error['param'] === null || typeof body.error['param'] === 'string').toBe(true);
    if (expected.code !== undefined) expect(body.error['code']).toBe(expected.code);
    else expect(body.error['code'] === null || typeof body.error['code'] === 'string').toBe(true);
    if (expected.messageIncludes) expect(body.error['message']).toContain(expected.messageIncludes);
  }
  expectNoSecrets(answer.text, answer.headers);
}

function expectNoSecrets(text: string, headers: Headers): void {
  for (const secret of SECRETS) {
    expect(text).not.toContain(secret);
    for (const [name, value] of headers) expect(`${name}: ${value}`).not.toContain(secret);
  }
}

/** The process still answers a normal request in the same format. */
async function expectStillServes(format: Format): Promise<void> {
  const answer = await send(format, { body: JSON.stringify(VALID_BODY[format]) });
  expect(answer.status, answer.text).toBe(200);
}

const INVALID = { anthropic: 'invalid_request_error', openai: 'invalid_request_error' } as const;

describe.each(['anthropic', 'openai'] as const)('bad input in %s shape', (format) => {
  it('malformed JSON is a 400 that does not echo a key found in the body', async () => {
    // The second one makes V8 quote the text around the error in its message.
    for (const body of [`{"model": "x", "api_key": "${CLIENT_KEY}", "messages": [`, `{"api_key": ${CLIENT_KEY}}`, CLIENT_KEY]) {
      const answer = await send(format, { body });
      expectEnvelope(format, answer, { status: 400, type: INVALID[format], messageIncludes: 'JSON' });
    }
    await expectStillServes(format);
  });

  it('an empty body is a 400', async () => {
    expectEnvelope(format, await send(format, { body: '' }), { status: 400, type: INVALID[format] });
    expectEnvelope(format, await send(format, { body: '   \n' }), { status: 400, type: INVALID[format] });
    await expectStillServes(format);
  });

  it.each([
    ['an array', '[]'],
    ['a string', '"hello"'],
    ['null', 'null'],
    ['a number', '42'],
  ])('non-object JSON (%s) is a 400', async (_name, body) => {
    expectEnvelope(format, await send(format, { body }), { status: 400, type: INVALID[format] });
    await expectStillServes(format);
  });

  it('wrong types are a 400 naming the field', async () => {
    const bodies =
      format === 'anthropic'
        ? [
            [{ ...VALID_BODY.anthropic, max_tokens: 'ten' }, 'max_tokens'],
            [{ ...VALID_BODY.anthropic, messages: 'hi' }, 'messages'],
            [{ ...VALID_BODY.anthropic, model: 123 }, 'model'],
            [{ ...VALID_BODY.anthropic, messages: [{ role: 'user', content: 42 }] }, 'messages.0.content'],
          ]
        : [
            [{ ...VALID_BODY.openai, messages: 'hi' }, 'messages'],
            [{ ...VALID_BODY.openai, model: 123 }, 'model'],
            [{ ...VALID_BODY.openai, temperature: 'hot' }, 'temperature'],
            [{ ...VALID_BODY.openai, messages: [{ role: 'user', content: 42 }] }, 'messages[0].content'],
          ];
    for (const [body, field] of bodies as Array<[Record<string, unknown>, string]>) {
      const answer = await send(format, { body: JSON.stringify(body) });
      expectEnvelope(format, answer, { status: 400, type: INVALID[format], messageIncludes: field });
      if (format === 'openai') expect((answer.body as { error: { param: unknown } }).error.param).toBe(field);
    }
    await expectStillServes(format);
  });

  it('missing fields are a 400 naming the field', async () => {
    const required = format === 'anthropic' ? ['model', 'max_tokens', 'messages'] : ['model', 'messages'];
    for (const field of required) {
      const body = { ...VALID_BODY[format] };
      delete body[field];
      const answer = await send(format, { body: JSON.stringify(body) });
      expectEnvelope(format, answer, { status: 400, type: INVALID[format], messageIncludes: field });
    }
    expectEnvelope(format, await send(format, { body: JSON.stringify({ ...VALID_BODY[format], messages: [] }) }), { status: 400, type: INVALID[format] });
    await expectStillServes(format);
  });

  it('an unknown model is a 404 in the caller’s shape', async () => {
    const answer = await send(format, { body: JSON.stringify({ ...VALID_BODY[format], model: 'mistral-large-latest' }) });
    if (format === 'anthropic') expectEnvelope(format, answer, { status: 404, type: 'not_found_error', messageIncludes: 'mistral-large-latest' });
    else expectEnvelope(format, answer, { status: 404, type: 'invalid_request_error', code: 'model_not_found', messageIncludes: 'mistral-large-latest' });
    expect(answer.headers.get('x-should-retry')).toBe('false');
    await expectStillServes(format);
  });

  it('an oversized body is a 413, with or without content-length', async () => {
    const big = JSON.stringify({ ...VALID_BODY[format], messages: [{ role: 'user', content: 'x'.repeat(MAX_BODY_BYTES) }] });
    const expected = format === 'anthropic' ? { status: 413, type: 'request_too_large' } : { status: 413, type: 'invalid_request_error', code: 'request_too_large' };
    expectEnvelope(format, await send(format, { body: big }), expected);
    const bytes = new TextEncoder().encode(big);
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < bytes.length; offset += 1024) controller.enqueue(bytes.subarray(offset, offset + 1024));
        controller.close();
      },
    });
    expectEnvelope(format, await send(format, { body: chunked }), expected);
    // Just under the limit is fine.
    const fitting = JSON.stringify({ ...VALID_BODY[format], messages: [{ role: 'user', content: 'x'.repeat(MAX_BODY_BYTES - 500) }] });
    expect((await send(format, { body: fitting })).status).toBe(200);
    await expectStillServes(format);
  });

  it('a wrong method is a 405', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const answer = await send(format, { method });
      expectEnvelope(format, answer, { status: 405, type: INVALID[format] });
    }
    await expectStillServes(format);
  });

  it('an unknown path is a 404', async () => {
    const answer = await send(format, { path: '/v1/completions-that-do-not-exist', body: '{}' });
    if (format === 'anthropic') expectEnvelope(format, answer, { status: 404, type: 'not_found_error' });
    else expectEnvelope(format, answer, { status: 404, type: 'invalid_request_error', code: null });
    await expectStillServes(format);
  });
});

describe('broken upstream answers', () => {
  const lanes = [
    { client: 'anthropic', requested: 'claude-alias', provider: 'asim' },
    { client: 'anthropic', requested: 'claude-via-openai', provider: 'osim' },
    { client: 'openai', requested: 'gpt-alias', provider: 'osim' },
    { client: 'openai', requested: 'gpt-via-anthropic', provider: 'asim' },
  ] as const;

  it.each(lanes)('$client client -> $provider: malformed JSON body is a 502 in the caller’s shape', async (lane) => {
    stack.sims[lane.provider]!.control.addFault({ kind: 'malformed-json', persistent: true });
    const format: Format = lane.client;
    const answer = await send(format, { body: JSON.stringify({ ...VALID_BODY[format], model: lane.requested }) });
    expectEnvelope(format, answer, format === 'anthropic' ? { status: 502, type: 'api_error' } : { status: 502, type: 'server_error' });
    stack.sims[lane.provider]!.control.clearFaults();
    const healthy = await send(format, { body: JSON.stringify({ ...VALID_BODY[format], model: lane.requested }) });
    expect(healthy.status, healthy.text).toBe(200);
  });

  it.each(lanes)('$client client -> $provider: an upstream 400 that echoes a key reaches the caller as a 400 without it', async (lane) => {
    const key = lane.provider === 'asim' ? 'sk-asim-test-0001' : 'sk-osim-test-0001';
    stack.sims[lane.provider]!.control.clearRequests();
    stack.sims[lane.provider]!.control.addFault({
      kind: 'status',
      status: 400,
      errorType: 'invalid_request_error',
      message: `messages.0.content: unsupported value (request made with key ${key})`,
      persistent: true,
    });
    const format: Format = lane.client;
    for (const stream of [false, true]) {
      const answer = await send(format, { body: JSON.stringify({ ...VALID_BODY[format], model: lane.requested, stream }) });
      expectEnvelope(format, answer, { status: 400, type: 'invalid_request_error', messageIncludes: 'unsupported value' });
    }
    // A bad request is the caller's to fix: asked once, never retried.
    expect(stack.sims[lane.provider]!.control.requests()).toHaveLength(2);
  });

  it.each(lanes)('$client client -> $provider: a stream broken before any content is a 502 in the caller’s shape', async (lane) => {
    stack.sims[lane.provider]!.control.addFault({ kind: 'malformed-sse', afterEvents: 0, persistent: true });
    const format: Format = lane.client;
    const answer = await send(format, { body: JSON.stringify({ ...VALID_BODY[format], model: lane.requested, stream: true }) });
    expectEnvelope(format, answer, format === 'anthropic' ? { status: 502, type: 'api_error' } : { status: 502, type: 'server_error' });
  });

  it.each(lanes)('$client client -> $provider: malformed SSE mid-stream ends in an error event through the SDK', async (lane) => {
    stack.sims[lane.provider]!.control.addFault({ kind: 'malformed-sse', afterEvents: 4, persistent: true });
    let text = '';
    let caught: unknown;
    const startedAt = Date.now();
    if (lane.client === 'anthropic') {
      const client = new Anthropic({ baseURL: stack.anthropicBaseUrl, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 5_000 });
      try {
        const stream = await client.messages.create({ model: lane.requested, max_tokens: 50, messages: [{ role: 'user', content: 'hi' }], stream: true });
        for await (const event of stream) {
          if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
        }
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(Anthropic.APIError);
      const apiError = caught as InstanceType<typeof Anthropic.APIError>;
      // The Anthropic error event's envelope.
      // The real failure (a broken upstream stream), not an empty "all 0 attempts failed".
      expect(apiError.error).toMatchObject({ type: 'error', error: { type: 'api_error', message: expect.any(String) } });
      expect(String((apiError.error as { error: { message: string } }).error.message)).not.toMatch(/All 0 route attempt/);
    } else {
      const client = new OpenAI({ baseURL: stack.openaiBaseUrl, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 5_000 });
      try {
        const stream = await client.chat.completions.create({ model: lane.requested, messages: [{ role: 'user', content: 'hi' }], stream: true });
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(OpenAI.APIError);
      const apiError = caught as InstanceType<typeof OpenAI.APIError>;
      expect(apiError.type).toBe('server_error');
      expect(apiError.error).toMatchObject({ message: expect.any(String), type: 'server_error' });
    }
    // The stream had really started (the failure is mid-stream), and it ended without waiting for a timeout.
    expect(text.length).toBeGreaterThan(0);
    expect(Date.now() - startedAt).toBeLessThan(4_000);
    expectNoSecrets(String((caught as Error).message), new Headers());
  });
});

describe('bad input on the other endpoints', () => {
  it('count_tokens answers bad input in Anthropic shape', async () => {
    const path = '/v1/messages/count_tokens';
    expectEnvelope('anthropic', await send('anthropic', { path, body: '{"model": ' }), { status: 400, type: 'invalid_request_error' });
    expectEnvelope('anthropic', await send('anthropic', { path, body: '[]' }), { status: 400, type: 'invalid_request_error' });
    expectEnvelope('anthropic', await send('anthropic', { path, body: JSON.stringify({ model: 'claude-alias' }) }), {
      status: 400,
      type: 'invalid_request_error',
      messageIncludes: 'messages',
    });
    expectEnvelope('anthropic', await send('anthropic', { path, body: JSON.stringify({ model: 'nope-model', messages: [{ role: 'user', content: 'hi' }] }) }), {
      status: 404,
      type: 'not_found_error',
    });
    expectEnvelope('anthropic', await send('anthropic', { path, method: 'GET' }), { status: 405, type: 'invalid_request_error' });
    const counted = await send('anthropic', { path, body: JSON.stringify({ model: 'claude-alias', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(counted.status, counted.text).toBe(200);
  });

  it('the models endpoints answer a wrong method and an unknown id in the caller’s shape', async () => {
    expectEnvelope('openai', await send('openai', { path: '/v1/models', body: '{}' }), { status: 405, type: 'invalid_request_error' });
    expectEnvelope('anthropic', await send('anthropic', { path: '/v1/models', body: '{}' }), { status: 405, type: 'invalid_request_error' });
    expectEnvelope('openai', await send('openai', { path: '/v1/models/nope-model', method: 'GET' }), { status: 404, type: 'invalid_request_error', code: 'model_not_found' });
    expectEnvelope('anthropic', await send('anthropic', { path: '/v1/models/nope-model', method: 'GET' }), { status: 404, type: 'not_found_error' });
    expect((await send('openai', { path: '/v1/models', method: 'GET' })).status).toBe(200);
  });
});
