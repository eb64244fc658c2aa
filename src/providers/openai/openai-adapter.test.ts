import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalRequest, StreamPart } from '../../canonical/index.js';
import { UpstreamConnectionError, UpstreamHttpError } from '../../errors/index.js';
import type { AttemptContext, ProviderAdapter } from '../provider-adapter.js';
import { createOpenAIAdapter } from './openai-adapter.js';
import { collectParts } from '../../../test/support/stream-parts.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

interface Recorded {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let baseUrl: string;
let recorded: Recorded[] = [];
let respond: (request: Recorded, response: ServerResponse) => void = (_request, response) => response.end();
const adapters: ProviderAdapter[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = { url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      recorded.push(entry);
      respond(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterEach(async () => {
  recorded = [];
  await Promise.all(adapters.splice(0).map((adapter) => adapter.close()));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function adapter(config: Partial<Parameters<typeof createOpenAIAdapter>[0]> = {}): ProviderAdapter {
  const created = createOpenAIAdapter({ id: 'openai', baseUrl, ...config });
  adapters.push(created);
  return created;
}

function attempt(overrides: Partial<AttemptContext> = {}): AttemptContext {
  return { model: 'gpt-4o-2024-08-06', credential: { label: 'key-1 …test', secret: 'sk-test-secret' }, signal: new AbortController().signal, ...overrides };
}

function json(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(body);
}

function sse(response: ServerResponse, body: string): void {
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'x-request-id': 'req_1' });
  response.end(body);
}

const collect = collectParts;

const REQUEST: CanonicalRequest = {
  model: 'claude-sonnet-4-5',
  stream: false,
  maxOutputTokens: 100,
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Capital of Portugal?' }] }],
};

describe('createOpenAIAdapter', () => {
  it('passes a same-format body through untouched except the model, and returns the raw body', async () => {
    const clientBody = {
      model: 'my-alias',
      messages: [{ role: 'developer', content: 'x' }, { role: 'user', content: 'Capital of Portugal?' }],
      max_tokens: 5,
      some_future_field: { nested: [1, 2] },
      logit_bias: { '50256': -100 },
    };
    respond = (_request, response) => json(response, 200, fixture('response-text.json'), { 'x-request-id': 'req_abc', 'set-cookie': 'a=b' });
    const result = await adapter().doGenerate(REQUEST, attempt({ rawFrames: true, passthrough: { format: 'openai', body: clientBody, query: '', headers: { authorization: 'Bearer client-key' } } }));
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.url).toBe('/v1/chat/completions');
    expect(JSON.parse(recorded[0]!.body)).toEqual({ ...clientBody, model: 'gpt-4o-2024-08-06' });
    expect(recorded[0]!.headers.authorization).toBe('Bearer sk-test-secret');
    expect(result.rawBody).toBe(fixture('response-text.json'));
    expect(result.headers).toEqual({ 'x-request-id': 'req_abc' });
    expect(result.response).toMatchObject({ id: 'chatcmpl-CQz7xN4bKp2LmVt9RwHs3YdAe6Fg', modelId: 'gpt-4o-2024-08-06', content: [{ type: 'text', text: 'Lisbon is the capital of Portugal.' }] });
  });

  it('translates a canonical request and sends only the configured key', async () => {
    respond = (_request, response) => json(response, 200, fixture('response-tool-calls.json'));
    const result = await adapter({ headers: { 'OpenAI-Organization': 'org-1' } }).doGenerate(REQUEST, attempt());
    const sent = JSON.parse(recorded[0]!.body) as Record<string, unknown>;
    expect(sent).toEqual({ model: 'gpt-4o-2024-08-06', messages: [{ role: 'user', content: 'Capital of Portugal?' }], max_completion_tokens: 100 });
    expect(recorded[0]!.headers.authorization).toBe('Bearer sk-test-secret');
    expect(recorded[0]!.headers['openai-organization']).toBe('org-1');
    expect(result.rawBody).toBeUndefined();
    expect(result.response.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_calls' });
  });

  it('streams a translated request with usage requested and no raw frames', async () => {
    respond = (_request, response) => sse(response, fixture('stream-parallel-tool-calls.sse'));
    const result = await adapter().doStream({ ...REQUEST, stream: true }, attempt());
    const parts = await collect(result.stream);
    expect(JSON.parse(recorded[0]!.body)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(parts.some((part) => part.type === 'raw')).toBe(false);
    expect(parts.filter((part) => part.type === 'tool-call')).toHaveLength(2);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', usage: { inputTokens: { total: 142 } } });
    expect(result.headers).toEqual({ 'x-request-id': 'req_1' });
  });

  it('on passthrough yields each raw frame before the parts derived from it, but none for an error object', async () => {
    const sample = fixture('stream-error-midstream.sse');
    respond = (_request, response) => sse(response, sample);
    const body = { model: 'x', stream: true, messages: [{ role: 'user', content: 'hi' }] };
    const result = await adapter().doStream({ ...REQUEST, stream: true }, attempt({ rawFrames: true, passthrough: { format: 'openai', body, query: '', headers: {} } }));
    const parts = await collect(result.stream);
    expect(JSON.parse(recorded[0]!.body)).toEqual({ ...body, model: 'gpt-4o-2024-08-06' });
    expect(parts[0]!.type).toBe('raw');
    expect(parts[1]!.type).toBe('stream-start');
    const raw = parts.filter((part): part is Extract<StreamPart, { type: 'raw' }> => part.type === 'raw');
    expect(raw).toHaveLength(4);
    expect(raw.map((part) => part.frame).join('')).toBe(sample.split('\n\n').slice(0, 4).join('\n\n') + '\n\n');
    const last = parts.at(-1) as { type: string; error: unknown };
    expect(last.type).toBe('error');
    expect(last.error).toBeInstanceOf(UpstreamHttpError);
    expect(parts.at(-2)!.type).not.toBe('raw');
  });

  it('yields the final [DONE] frame on passthrough', async () => {
    respond = (_request, response) => sse(response, fixture('stream-text-usage.sse'));
    const result = await adapter().doStream({ ...REQUEST, stream: true }, attempt({ rawFrames: true, passthrough: { format: 'openai', body: { model: 'x', stream: true, messages: [] }, query: '', headers: {} } }));
    const parts = await collect(result.stream);
    expect(parts.at(-2)).toEqual({ type: 'raw', format: 'openai', frame: 'data: [DONE]\n\n' });
    expect(parts.at(-1)!.type).toBe('finish');
  });

  it('rejects with the classified provider error', async () => {
    respond = (_request, response) => json(response, 429, fixture('error-rate-limit-exceeded.json'), { 'retry-after': '7' });
    const error = await adapter().doGenerate(REQUEST, attempt()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamHttpError);
    expect(error).toMatchObject({ status: 429, failureClass: 'rate_limited', retryAfterMs: 7000, providerErrorCode: 'rate_limit_exceeded', target: { provider: 'openai', model: 'gpt-4o-2024-08-06', key: 'key-1 …test' } });
  });

  it('refuses to call without a key when the quirk requires one', async () => {
    const error = await adapter().doGenerate(REQUEST, attempt({ credential: undefined })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ failureClass: 'auth', status: 401 });
    expect(recorded).toHaveLength(0);
  });

  it('turns a connection reset mid-stream into an error part instead of throwing', async () => {
    respond = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(fixture('stream-text-usage.sse').split('\n\n').slice(0, 2).join('\n\n') + '\n\n');
      setTimeout(() => response.socket?.destroy(), 20);
    };
    const result = await adapter().doStream({ ...REQUEST, stream: true }, attempt());
    const parts = await collect(result.stream);
    const last = parts.at(-1) as { type: string; error: unknown };
    expect(last.type).toBe('error');
    expect(last.error).toBeInstanceOf(UpstreamConnectionError);
  });
});
