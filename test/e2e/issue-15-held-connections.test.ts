import Anthropic from '@anthropic-ai/sdk';
import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/create-logger.js';
import { exchangeRaw, parseRawAnswer, requestHead } from '../support/raw-http.js';
import { startStack, type Stack } from '../support/start-stack.js';
import { waitUntil } from '../support/wait-until.js';

// Issue 15, items 4 and 8: nobody can hold Lifeline's connections. Slow headers and slow bodies
// are cut with a 408 JSON answer, a flood of idle sockets stops at server.max_connections
// without costing a provider anything, an abandoned upload is a quiet client_cancelled, and
// oversized headers and too many live-feed clients get clear JSON refusals. Every test is
// bounded: the slowloris clients give up on their own after CAP_MS.

const HEADERS_TIMEOUT_MS = 500;
const BODY_TIMEOUT_MS = 1_500;
const BODY_IDLE_TIMEOUT_MS = 400;
/** A slowloris keeps going this long unless the server cuts it: many times every limit above. */
const CAP_MS = 15_000;
const MAX_CONNECTIONS = 20;
const FLOOD_SOCKETS = 200;
const MAX_EVENT_CLIENTS = 3;

/** Short timeouts, for the slow clients. */
let quick: Stack;
/** Default timeouts, a small connection cap and a captured log, for the flood and the aborted uploads. */
let capped: Stack;
const logLines: Array<{ level: number; msg: string; status?: number; errorCode?: string }> = [];

beforeAll(async () => {
  quick = await startStack({
    providers: [{ name: 'asim', simulator: { format: 'anthropic', chunkCount: 8, chunkDelayMs: 300 } }],
    routes: { 'claude-*': ['asim/*'] },
    server: { headers_timeout_ms: HEADERS_TIMEOUT_MS, body_timeout_ms: BODY_TIMEOUT_MS, body_idle_timeout_ms: BODY_IDLE_TIMEOUT_MS },
  });
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') logLines.push(JSON.parse(line) as (typeof logLines)[number]);
      done();
    },
  });
  capped = await startStack({
    providers: [{ name: 'asim', simulator: { format: 'anthropic' } }],
    routes: { 'claude-*': ['asim/*'] },
    server: { max_connections: MAX_CONNECTIONS },
    config: { status: { max_event_clients: MAX_EVENT_CLIENTS } },
    logger: createLogger('debug', capture),
  });
});
afterAll(async () => {
  await quick?.close();
  await capped?.close();
});

const openConnections = (stack: Stack) => new Promise<number>((resolve) => stack.lifeline.server.getConnections((_error, count) => resolve(count)));
const messagesBody = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
const messagesHead = (contentLength: number) => requestHead('POST', '/v1/messages', { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'content-length': contentLength });

describe('issue 15: slow clients are cut with 408', () => {
  it('cuts a slowloris on the headers and answers 408 with a JSON body both SDKs read', async () => {
    const exchange = await exchangeRaw(quick.lifeline.port, 'POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n', { dribble: 'x-slow: 1\r\n', everyMs: 100, capMs: CAP_MS });
    expect(exchange.closedByServer).toBe(true);
    const answer = parseRawAnswer(exchange.text);
    expect(answer.status).toBe(408);
    expect(answer.headers['content-type']).toBe('application/json');
    // Node's parser keeps the request line to itself, so the shape is the neutral one.
    expect(answer.body).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('server.headers_timeout_ms'), param: null, code: 'request_timeout' } });
  });

  it('cuts a body that stops coming after body_idle_timeout_ms, with 408 in the caller\'s shape', async () => {
    const exchange = await exchangeRaw(quick.lifeline.port, `${messagesHead(1_000)}{"model":`, { capMs: CAP_MS });
    expect(exchange.closedByServer).toBe(true);
    const answer = parseRawAnswer(exchange.text);
    expect(answer.status).toBe(408);
    expect(answer.headers.connection).toBe('close');
    expect(answer.body).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('server.body_idle_timeout_ms') } });
  });

  it('cuts a body that trickles forever after body_timeout_ms, with 408 in the caller\'s shape', async () => {
    const exchange = await exchangeRaw(quick.lifeline.port, `${messagesHead(100_000)}{`, { dribble: ' ', everyMs: 100, capMs: CAP_MS });
    expect(exchange.closedByServer).toBe(true);
    const answer = parseRawAnswer(exchange.text);
    expect(answer.status).toBe(408);
    expect((answer.body as { error: { message: string } }).error.message).toContain('server.body_timeout_ms');
    expect(quick.sims.asim!.control.requests()).toHaveLength(0);
  });

  it('never cuts an answer that streams for longer than every request timeout', async () => {
    const client = new Anthropic({ baseURL: quick.anthropicBaseUrl, apiKey: 'client-key', maxRetries: 0 });
    const startedAt = Date.now();
    const message = await client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    // The stream outlived headers + body timeouts and Node's check interval: nothing cut it.
    expect(Date.now() - startedAt).toBeGreaterThan(HEADERS_TIMEOUT_MS + BODY_TIMEOUT_MS + 1_000);
    expect(message.stop_reason).toBe('end_turn');
  });
});

describe('issue 15: oversized headers', () => {
  it('answers 431 in the caller\'s shape when the request line is in the refused bytes', async () => {
    const head = requestHead('POST', '/v1/chat/completions', { 'x-big': 'a'.repeat(20_000), 'content-type': 'application/json', 'content-length': 2 });
    const answer = parseRawAnswer((await exchangeRaw(quick.lifeline.port, `${head}{}`, { capMs: 5_000 })).text);
    expect(answer.status).toBe(431);
    expect(answer.body).toEqual({ error: { message: expect.stringContaining('server.max_header_bytes'), type: 'invalid_request_error', param: null, code: 'headers_too_large' } });
  });

  it('answers 431 in the neutral shape when only later header bytes overflow', async () => {
    const exchange = await exchangeRaw(quick.lifeline.port, 'GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n', { dribble: `x-big: ${'a'.repeat(20_000)}\r\n`, everyMs: 50, capMs: 5_000 });
    const answer = parseRawAnswer(exchange.text);
    expect(answer.status).toBe(431);
    expect(answer.body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', code: 'headers_too_large' } });
  });
});

describe('issue 15: connections are capped', () => {
  it('holds a flood of idle connections at server.max_connections, answers 503, and a real request succeeds afterwards with nothing against the provider', async () => {
    const flood: Socket[] = [];
    try {
      await Promise.all(
        Array.from({ length: FLOOD_SOCKETS }, () =>
          new Promise<void>((resolve) => {
            const socket = connect(capped.lifeline.port, '127.0.0.1', () => resolve());
            socket.on('error', () => resolve());
            socket.on('close', () => resolve());
            // Read, so a refusal's close is noticed.
            socket.resume();
            flood.push(socket);
          }),
        ),
      );
      // Sockets past the cap get a short grace to send a request, then go.
      await waitUntil(() => (flood.filter((socket) => socket.destroyed).length >= FLOOD_SOCKETS - MAX_CONNECTIONS ? true : undefined), {
        timeoutMs: 8_000,
        description: `the server to close the ${FLOOD_SOCKETS - MAX_CONNECTIONS} sockets past the cap`,
        describeLast: () => `${flood.filter((socket) => socket.destroyed).length} closed`,
      });
      expect(await openConnections(capped)).toBe(MAX_CONNECTIONS);
      expect(flood.filter((socket) => !socket.destroyed)).toHaveLength(MAX_CONNECTIONS);

      const refused = await exchangeRaw(capped.lifeline.port, `${messagesHead(Buffer.byteLength(messagesBody))}${messagesBody}`, { capMs: 5_000 });
      expect(refused.closedByServer).toBe(true);
      const answer = parseRawAnswer(refused.text);
      expect(answer.status).toBe(503);
      expect(answer.headers['retry-after']).toBe('1');
      expect(answer.body).toEqual({ type: 'error', error: { type: 'overloaded_error', message: expect.stringContaining('server.max_connections') } });
    } finally {
      for (const socket of flood) socket.destroy();
    }
    await waitUntil(async () => ((await openConnections(capped)) === 0 ? true : undefined), {
      timeoutMs: 5_000,
      description: 'the flood closed on the server side',
    });

    const client = new Anthropic({ baseURL: capped.anthropicBaseUrl, apiKey: 'client-key', maxRetries: 0 });
    const message = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.content[0]?.type).toBe('text');
    expect(capped.sims.asim!.control.requests()).toHaveLength(1);
    for (const component of capped.lifeline.health.snapshot().components) {
      expect(component.measured.failures, component.id).toBe(0);
      expect(component.status, component.id).toBe('operational');
    }
  });
});

describe('issue 15: abandoned uploads and live-feed clients', () => {
  it('logs an upload the client abandons mid-body as a quiet client_cancelled: no 500, no error-level line', async () => {
    const abandoned = 5;
    for (let index = 0; index < abandoned; index += 1) {
      await new Promise<void>((resolve) => {
        const socket = connect(capped.lifeline.port, '127.0.0.1', () => {
          socket.write(`${messagesHead(10_000)}{"model":"claude-sonnet-4-5","messages":[`);
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, 50);
        });
        socket.on('error', () => resolve());
      });
    }
    const cancelled = await waitUntil(() => {
      const lines = logLines.filter((line) => line.msg === 'request' && line.errorCode === 'CLIENT_CANCELLED');
      return lines.length >= abandoned ? lines : undefined;
    }, { timeoutMs: 5_000, description: `${abandoned} client_cancelled access-log lines` });
    expect(cancelled.value.every((line) => line.level === 30 && line.status === 499)).toBe(true);
    expect(logLines.filter((line) => line.level >= 50)).toEqual([]);
    expect(logLines.some((line) => line.status === 500)).toBe(false);
  });

  it(`answers the live-feed client past status.max_event_clients (${MAX_EVENT_CLIENTS}) with 503 and a JSON body`, async () => {
    const streams: Socket[] = [];
    const openStream = () =>
      new Promise<string>((resolve) => {
        const socket = connect(capped.lifeline.port, '127.0.0.1', () => socket.write(requestHead('GET', '/api/lifeline/events')));
        socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1')));
        socket.on('error', () => resolve(''));
        streams.push(socket);
      });
    try {
      for (let index = 0; index < MAX_EVENT_CLIENTS; index += 1) expect(await openStream()).toMatch(/^HTTP\/1\.1 200 /);
      let refusal = await openStream();
      // The body may follow the head in a second packet.
      if (!refusal.includes('}')) refusal += await new Promise<string>((resolve) => streams.at(-1)!.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1'))));
      const answer = parseRawAnswer(refusal);
      expect(answer.status).toBe(503);
      expect(answer.body).toEqual({ error: { code: 'too_many_event_clients', message: expect.stringContaining('status.max_event_clients') } });
    } finally {
      for (const socket of streams) socket.destroy();
    }
  });
});
