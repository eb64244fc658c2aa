import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalRequest, StreamPart } from '../../canonical/index.js';
import { UpstreamConnectionError, UpstreamHttpError, UpstreamResponseError, UpstreamTimeoutError } from '../../errors/index.js';
import type { AttemptContext, ProviderAdapter } from '../provider-adapter.js';
import { createAnthropicAdapter } from './anthropic-adapter.js';
import { collectParts } from '../../../test/support/stream-parts.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the fake upstream does with the next request. */
type Responder = (response: ServerResponse, received: Received) => void;

let server: Server;
let baseUrl: string;
let received: Received[] = [];
let responder: Responder = (response) => response.end();
const adapters: ProviderAdapter[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const entry = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body };
      received.push(entry);
      responder(response, entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  received = [];
  await Promise.all(adapters.splice(0).map((adapter) => adapter.close()));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function adapter(config: Partial<Parameters<typeof createAnthropicAdapter>[0]> = {}): ProviderAdapter {
  const created = createAnthropicAdapter({ id: 'anthropic-test', baseUrl, headers: { 'X-Extra': 'yes' }, ...config });
  adapters.push(created);
  return created;
}

const canonical: CanonicalRequest = {
  model: 'gpt-asked',
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
    { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
  ],
  stream: false,
};

const clientBody = {
  model: 'claude-client-asked',
  max_tokens: 128000,
  stream: false,
  thinking: { type: 'adaptive', display: 'omitted' },
  messages: [{ role: 'user', content: [{ type: 'text', text: 'say hello', cache_control: { type: 'ephemeral' } }] }],
  some_future_field: { nested: [1, 2, 3] },
};

function passthroughAttempt(body: Record<string, unknown> = clientBody): AttemptContext {
  return {
    model: 'claude-routed',
    signal: new AbortController().signal,
    credential: { label: 'key-1 …cret', secret: 'sk-ant-provider-secret' },
    rawFrames: true,
    passthrough: {
      format: 'anthropic',
      body,
      query: 'beta=true',
      // Whatever reaches the adapter, only anthropic-version and anthropic-beta may go upstream.
      headers: { 'anthropic-version': '2026-10-21', 'anthropic-beta': 'a-2025-01-01,b-2026-02-02', 'x-api-key': 'sk-client-own-key', authorization: 'Bearer sk-client-own-key' },
    },
  };
}

function json(status: number, body: string, headers: Record<string, string> = {}): Responder {
  return (response) => {
    response.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_1', 'set-cookie': 'x=y', ...headers });
    response.end(body);
  };
}

const collect = collectParts;

describe('createAnthropicAdapter', () => {
  it('passes the client body through with only the model replaced, plus its query and beta headers', async () => {
    responder = json(200, fixture('response-text.json'));
    const result = await adapter().doGenerate(canonical, passthroughAttempt());
    const [request] = received;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v1/messages?beta=true');
    expect(JSON.parse(request?.body ?? '')).toEqual({ ...clientBody, model: 'claude-routed' });
    expect(request?.headers['x-api-key']).toBe('sk-ant-provider-secret');
    expect(request?.headers['authorization']).toBeUndefined();
    expect(request?.headers['anthropic-version']).toBe('2026-10-21');
    expect(request?.headers['anthropic-beta']).toBe('a-2025-01-01,b-2026-02-02');
    expect(request?.headers['x-extra']).toBe('yes');
    expect(JSON.stringify(request?.headers)).not.toContain('sk-client-own-key');
    expect(result.rawBody).toBe(fixture('response-text.json'));
    expect(result.response.modelId).toBe('claude-sonnet-4-6');
    expect(result.headers).toEqual({ 'request-id': 'req_1' });
  });

  it('translates canonical requests, with the default version and max_tokens', async () => {
    responder = json(200, fixture('response-tool-use.json'));
    const result = await adapter({ defaultMaxTokens: 333 }).doGenerate(
      { ...canonical, stream: true },
      { model: 'claude-routed', signal: new AbortController().signal, credential: { label: 'k', secret: 'sk-ant-x' } },
    );
    const [request] = received;
    expect(request?.url).toBe('/v1/messages');
    expect(request?.headers['anthropic-version']).toBe('2023-06-01');
    expect(request?.headers['anthropic-beta']).toBeUndefined();
    expect(JSON.parse(request?.body ?? '')).toEqual({
      model: 'claude-routed',
      max_tokens: 333,
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
    expect(result.rawBody).toBeUndefined();
    expect(result.response.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_use' });
  });

  it('sends no x-api-key without a credential', async () => {
    responder = json(200, fixture('response-text.json'));
    await adapter().doGenerate(canonical, { model: 'm', signal: new AbortController().signal });
    expect(received[0]?.headers['x-api-key']).toBeUndefined();
  });

  it('rejects an error status with a classified UpstreamHttpError', async () => {
    responder = json(429, fixture('error-rate-limit.json'), { 'retry-after': '11' });
    const failure = adapter().doGenerate(canonical, passthroughAttempt());
    await expect(failure).rejects.toBeInstanceOf(UpstreamHttpError);
    await expect(failure).rejects.toMatchObject({ status: 429, failureClass: 'rate_limited', retryAfterMs: 11_000, target: { provider: 'anthropic-test', model: 'claude-routed', key: 'key-1 …cret' } });
    responder = json(529, fixture('error-overloaded.json'));
    await expect(adapter().doStream(canonical, passthroughAttempt())).rejects.toMatchObject({ status: 529, failureClass: 'overloaded' });
  });

  it('rejects a 2xx body that is not a Message', async () => {
    responder = json(200, '{"hello":');
    await expect(adapter().doGenerate(canonical, passthroughAttempt())).rejects.toBeInstanceOf(UpstreamResponseError);
  });

  it('streams with raw frames before their derived parts on passthrough', async () => {
    responder = (response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'request-id': 'req_2' });
      response.end(fixture('stream-tool-use.sse'));
    };
    const result = await adapter().doStream(canonical, passthroughAttempt({ ...clientBody, stream: true }));
    expect(JSON.parse(received[0]?.body ?? '')).toMatchObject({ stream: true, model: 'claude-routed' });
    expect(result.headers).toEqual({ 'request-id': 'req_2' });
    const parts = await collect(result.stream);
    const frames = parts.flatMap((part) => (part.type === 'raw' ? [part.frame] : [])).join('');
    expect(frames).toBe(fixture('stream-tool-use.sse'));
    expect(parts[0]).toEqual({ type: 'stream-start' });
    expect(parts[1]?.type).toBe('raw');
    expect(parts[2]?.type).toBe('response-metadata');
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'tool-calls' } });
  });

  it('streams translated requests without raw frames', async () => {
    responder = (response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(fixture('stream-text.sse'));
    };
    const result = await adapter().doStream({ ...canonical, stream: true }, { model: 'claude-routed', signal: new AbortController().signal });
    expect(JSON.parse(received[0]?.body ?? '')).toMatchObject({ stream: true });
    const parts = await collect(result.stream);
    expect(parts.some((part) => part.type === 'raw')).toBe(false);
    expect(parts.at(-1)?.type).toBe('finish');
  });

  it('turns a connection reset mid-stream into an error part', async () => {
    responder = (response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const text = fixture('stream-text.sse');
      response.write(text.slice(0, text.indexOf('event: content_block_delta')));
      setTimeout(() => response.socket?.destroy(), 20);
    };
    const result = await adapter().doStream(canonical, passthroughAttempt());
    const parts = await collect(result.stream);
    const last = parts.at(-1) as { type: string; error: unknown };
    expect(last.type).toBe('error');
    expect(last.error).toBeInstanceOf(UpstreamConnectionError);
  });

  it('turns an idle stream into an idle-timeout error part', async () => {
    responder = (response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(fixture('stream-text.sse').split('event: content_block_start')[0]);
      // …and then silence.
    };
    const result = await adapter({ timeouts: { idleMs: 150 } }).doStream(canonical, passthroughAttempt());
    const parts = await collect(result.stream);
    const last = parts.at(-1) as { type: string; error: unknown };
    expect(last.type).toBe('error');
    expect(last.error).toBeInstanceOf(UpstreamTimeoutError);
    expect(last.error).toMatchObject({ phase: 'idle' });
  });

  it('counts tokens without the generation fields', async () => {
    responder = json(200, fixture('count-tokens-response.json'));
    const counted = await adapter().doCountTokens!(canonical, passthroughAttempt({ ...clientBody, temperature: 1, stop_sequences: ['x'] }));
    expect(counted.inputTokens).toBe(412);
    expect(received[0]?.url).toBe('/v1/messages/count_tokens?beta=true');
    const sent = JSON.parse(received[0]?.body ?? '') as Record<string, unknown>;
    expect(sent).toEqual({ model: 'claude-routed', thinking: clientBody.thinking, messages: clientBody.messages, some_future_field: clientBody.some_future_field });
    expect(counted.rawBody).toBe(fixture('count-tokens-response.json'));
  });
});
