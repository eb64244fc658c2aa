import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from './start-simulator.js';
import type { SimulatorHandle } from './types.js';

let sim: SimulatorHandle;
afterEach(async () => {
  await sim.close();
});

const anthropicParams = {
  model: 'claude-sonnet-4-6',
  max_tokens: 64,
  messages: [{ role: 'user' as const, content: 'Hi' }],
};
const openaiParams = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'Hi' }] };

async function anthropicSim(chunkCount = 8): Promise<Anthropic> {
  sim = await startSimulator({ format: 'anthropic', chunkCount, script: [{ reply: { text: 'one two three four five six seven eight' } }] });
  return new Anthropic({ baseURL: sim.url, apiKey: 'k', maxRetries: 0 });
}
async function openaiSim(): Promise<OpenAI> {
  sim = await startSimulator({ format: 'openai', script: [{ reply: { text: 'one two three four five six seven eight' } }] });
  return new OpenAI({ baseURL: sim.url, apiKey: 'k', maxRetries: 0 });
}
async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a failure'),
    (error: unknown) => error,
  );
}
async function rawStream(body: unknown): Promise<string> {
  const response = await fetch(`${sim.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  let text = '';
  const decoder = new TextDecoder();
  try {
    for await (const chunk of response.body ?? []) text += decoder.decode(chunk as Uint8Array, { stream: true });
  } catch {
    // The connection drops on purpose; keep what arrived.
  }
  return text;
}

describe('anthropic faults seen from the SDK', () => {
  it('answers a status fault with the real error body and headers', async () => {
    const client = await anthropicSim();
    sim.control.addFault({ kind: 'status', status: 529 });
    const overloaded = await caught(client.messages.create(anthropicParams));
    expect(overloaded).toBeInstanceOf(Anthropic.APIError);
    expect((overloaded as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect((overloaded as InstanceType<typeof Anthropic.APIError>).type).toBe('overloaded_error');
    expect((overloaded as InstanceType<typeof Anthropic.APIError>).requestID).toMatch(/^req_/);

    sim.control.addFault({ kind: 'status', status: 429, retryAfterSeconds: 7 });
    const limited = await caught(client.messages.create(anthropicParams));
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    const headers = (limited as InstanceType<typeof Anthropic.APIError>).headers;
    expect(headers?.get('retry-after')).toBe('7');
    expect(headers?.get('anthropic-ratelimit-input-tokens-remaining')).toBe('0');

    sim.control.addFault({ kind: 'status', status: 429, errorCode: 'enforced_spend_limit_reached' });
    const spendCap = await caught(client.messages.create(anthropicParams));
    expect((spendCap as InstanceType<typeof Anthropic.APIError>).headers?.get('retry-after')).toBeNull();
    expect((spendCap as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ error: { details: { error_code: 'enforced_spend_limit_reached' } } });

    // Each fault was used once; the next request succeeds.
    const message = await client.messages.create(anthropicParams);
    expect(message.stop_reason).toBe('end_turn');
  });

  it('applies times, persistent and match, and clears', async () => {
    const client = await anthropicSim();
    sim.control.addFault({ kind: 'status', status: 500, times: 2 });
    expect(await caught(client.messages.create(anthropicParams))).toBeInstanceOf(Anthropic.InternalServerError);
    expect(await caught(client.messages.create(anthropicParams))).toBeInstanceOf(Anthropic.InternalServerError);
    await expect(client.messages.create(anthropicParams)).resolves.toBeTruthy();

    sim.control.addFault({ kind: 'status', status: 503, persistent: true, match: { model: 'claude-opus-*', stream: false } });
    const opus = { ...anthropicParams, model: 'claude-opus-4-7' };
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await caught(client.messages.create(opus)) as InstanceType<typeof Anthropic.APIError>).status).toBe(503);
    }
    await expect(client.messages.create(anthropicParams)).resolves.toBeTruthy();
    await expect(client.messages.stream(opus).finalMessage()).resolves.toBeTruthy();
    sim.control.clearFaults();
    await expect(client.messages.create(opus)).resolves.toBeTruthy();
  });

  it('resets the connection before headers', async () => {
    const client = await anthropicSim();
    sim.control.addFault({ kind: 'reset-before-headers' });
    expect(await caught(client.messages.create(anthropicParams))).toBeInstanceOf(Anthropic.APIConnectionError);
  });

  it('resets mid-stream after N events', async () => {
    const client = await anthropicSim();
    sim.control.addFault({ kind: 'reset-mid-stream', afterEvents: 4 });
    const text = await rawStream({ ...anthropicParams, stream: true });
    expect(text.split('\n\n').filter(Boolean).map((frame) => frame.split('\n')[0])).toEqual([
      'event: message_start',
      'event: content_block_start',
      'event: ping',
      'event: content_block_delta',
    ]);
    sim.control.addFault({ kind: 'reset-mid-stream', afterEvents: 2 });
    const error = await caught(client.messages.stream(anthropicParams).finalMessage());
    expect(error).toBeInstanceOf(Error);
    sim.control.addFault({ kind: 'reset-mid-stream', afterEvents: 0 });
    expect(await caught(client.messages.create(anthropicParams))).toBeInstanceOf(Error);
  });

  it('sends an error event mid-stream, or the matching status without stream', async () => {
    const client = await anthropicSim();
    sim.control.addFault({ kind: 'error-event', afterEvents: 5 });
    const streamError = await caught(client.messages.stream(anthropicParams).finalMessage());
    expect(streamError).toBeInstanceOf(Anthropic.APIError);
    expect((streamError as InstanceType<typeof Anthropic.APIError>).status).toBeUndefined();
    expect((streamError as InstanceType<typeof Anthropic.APIError>).type).toBe('overloaded_error');

    sim.control.addFault({ kind: 'error-event', afterEvents: 3, errorType: 'api_error', message: 'Overloaded' });
    const text = await rawStream({ ...anthropicParams, stream: true });
    expect(text.endsWith('event: error\ndata: {"type":"error","error":{"details":null,"type":"api_error","message":"Overloaded"}}\n\n')).toBe(true);
    expect(text).not.toContain('message_stop');

    sim.control.addFault({ kind: 'error-event', afterEvents: 0 });
    expect((await caught(client.messages.create(anthropicParams)) as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
  });

  it('stalls before the first byte: finite stalls answer late, endless ones time the client out', async () => {
    const client = await anthropicSim();
    sim.control.addFault({ kind: 'stall-before-first-byte', ms: 60 });
    const started = Date.now();
    await expect(client.messages.create(anthropicParams)).resolves.toBeTruthy();
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);

    sim.control.addFault({ kind: 'stall-before-first-byte' });
    const error = await caught(client.messages.create(anthropicParams, { timeout: 150 }));
    expect(error).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
  });

  it('stalls mid-stream and then finishes', async () => {
    const client = await anthropicSim();
    sim.control.addFault({ kind: 'stall-mid-stream', afterEvents: 4, ms: 60 });
    const stream = client.messages.stream(anthropicParams);
    const arrivals: number[] = [];
    stream.on('text', () => arrivals.push(Date.now()));
    const message = await stream.finalMessage();
    expect(message.content[0]).toEqual({ type: 'text', text: 'one two three four five six seven eight' });
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(50);
  });

  it('slows tokens down', async () => {
    const client = await anthropicSim(4);
    sim.control.addFault({ kind: 'slow-tokens', delayMs: 15 });
    const started = Date.now();
    await client.messages.stream(anthropicParams).finalMessage();
    // message_start, block start, ping, 4 deltas, block stop, message_delta, message_stop = 10 frames, 9 gaps.
    expect(Date.now() - started).toBeGreaterThanOrEqual(9 * 15 - 10);
  });

  it('sends malformed SSE and malformed JSON', async () => {
    const client = await anthropicSim();
    sim.control.addFault({ kind: 'malformed-sse', afterEvents: 3 });
    expect(await caught(client.messages.stream(anthropicParams).finalMessage())).toBeInstanceOf(Error);
    sim.control.addFault({ kind: 'malformed-json' });
    expect(await caught(client.messages.create(anthropicParams))).toBeInstanceOf(Error);
    sim.control.addFault({ kind: 'malformed-json' });
    const text = await rawStream({ ...anthropicParams, stream: true });
    expect(text.startsWith('event: message_start\ndata: <html>')).toBe(true);
  });

  it('sends one malformed frame in an otherwise whole stream', async () => {
    await anthropicSim();
    sim.control.addFault({ kind: 'malformed-frame', afterEvents: 4 });
    const events = (await rawStream({ ...anthropicParams, stream: true })).split('\n\n').filter(Boolean);
    // message_start, block start, ping, the first delta, the broken frame, then the rest to message_stop.
    expect(events[4]).toContain('"text":"cut sh');
    expect(events.at(-1)).toContain('message_stop');
    expect(events.filter((event) => event.includes('text_delta')).map((event) => /"text":"([^"]*)"/.exec(event)?.[1]).join('')).toContain('one two three four five six seven eight');
  });

  it('holds the first token back while it pings (slow-first-token)', async () => {
    await anthropicSim();
    sim.control.addFault({ kind: 'slow-first-token', ms: 120, keepAliveMs: 30 });
    const started = Date.now();
    const events = (await rawStream({ ...anthropicParams, stream: true })).split('\n\n').filter(Boolean);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(events[0]).toContain('message_start');
    // Keep-alives (at 30, 60 and 90 ms), then the usual block start.
    expect(events.slice(1, 4).every((event) => event.startsWith('event: ping'))).toBe(true);
    expect(events.at(-1)).toContain('message_stop');
  });
});

describe('openai faults seen from the SDK', () => {
  it('renders the real error bodies per status and code', async () => {
    const client = await openaiSim();
    sim.control.addFault({ kind: 'status', status: 429 });
    const limited = await caught(client.chat.completions.create(openaiParams));
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.APIError>).code).toBe('rate_limit_exceeded');
    expect((limited as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBe('1');
    expect((limited as InstanceType<typeof OpenAI.APIError>).headers?.get('x-ratelimit-remaining-tokens')).toBe('0');

    sim.control.addFault({ kind: 'status', status: 429, errorCode: 'insufficient_quota' });
    const quota = await caught(client.chat.completions.create(openaiParams));
    expect((quota as InstanceType<typeof OpenAI.APIError>).type).toBe('insufficient_quota');
    expect((quota as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBeNull();

    sim.control.addFault({ kind: 'status', status: 400, errorCode: 'context_length_exceeded' });
    const tooLong = await caught(client.chat.completions.create(openaiParams));
    expect(tooLong).toBeInstanceOf(OpenAI.BadRequestError);
    expect((tooLong as InstanceType<typeof OpenAI.APIError>).param).toBe('messages');

    sim.control.addFault({ kind: 'status', status: 503, headers: { 'x-should-retry': 'false' } });
    const overloaded = await caught(client.chat.completions.create(openaiParams));
    expect((overloaded as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect((overloaded as InstanceType<typeof OpenAI.APIError>).type).toBe('server_error');
    expect((overloaded as InstanceType<typeof OpenAI.APIError>).headers?.get('x-should-retry')).toBe('false');
  });

  it('resets, sends an error chunk without [DONE], and sends malformed chunks', async () => {
    const client = await openaiSim();
    sim.control.addFault({ kind: 'reset-before-headers' });
    expect(await caught(client.chat.completions.create(openaiParams))).toBeInstanceOf(OpenAI.APIConnectionError);

    sim.control.addFault({ kind: 'error-event', afterEvents: 3 });
    const raw = await fetch(`${sim.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ ...openaiParams, stream: true }),
    });
    const text = await raw.text();
    expect(text.split('\n\n').filter(Boolean)).toHaveLength(4);
    expect(text).not.toContain('[DONE]');
    expect(text.endsWith('data: {"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}}\n\n')).toBe(true);

    sim.control.addFault({ kind: 'error-event', afterEvents: 2 });
    const streamError = await caught(client.chat.completions.stream(openaiParams).finalChatCompletion());
    expect(streamError).toBeInstanceOf(OpenAI.APIError);
    expect((streamError as InstanceType<typeof OpenAI.APIError>).status).toBeUndefined();

    sim.control.addFault({ kind: 'reset-mid-stream', afterEvents: 2 });
    expect(await caught(client.chat.completions.stream(openaiParams).finalChatCompletion())).toBeInstanceOf(Error);

    sim.control.addFault({ kind: 'malformed-sse', afterEvents: 1 });
    expect(await caught(client.chat.completions.stream(openaiParams).finalChatCompletion())).toBeInstanceOf(Error);

    sim.control.addFault({ kind: 'malformed-frame', afterEvents: 2 });
    const skipped = await fetch(`${sim.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ ...openaiParams, stream: true }),
    });
    const frames = (await skipped.text()).split('\n\n').filter(Boolean);
    expect(frames[2]).toContain('"content":"cut sh');
    expect(frames.at(-1)).toBe('data: [DONE]');

    sim.control.addFault({ kind: 'slow-first-token', ms: 80, afterEvents: 0, keepAliveMs: 20 });
    const slow = await fetch(`${sim.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ ...openaiParams, stream: true }),
    });
    expect((await slow.text()).startsWith(': keep-alive\n\n')).toBe(true);

    sim.control.addFault({ kind: 'stall-before-first-byte' });
    expect(await caught(client.chat.completions.create(openaiParams, { timeout: 150 }))).toBeInstanceOf(
      OpenAI.APIConnectionTimeoutError,
    );
  });
});

describe('a provider that echoes the key it was sent', () => {
  it.each(['anthropic', 'openai'] as const)('%s: {{key}} in a status fault becomes the request key, in the body and the headers', async (format) => {
    sim = await startSimulator({ format });
    const key = 'abcDEF123xyz';
    sim.control.addFault({ kind: 'status', status: 401, message: 'invalid key {{key}}', headers: { 'x-request-id': 'req-{{key}}' } });
    const path = format === 'anthropic' ? '/v1/messages' : '/chat/completions';
    const response = await fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: format === 'anthropic' ? { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' } : { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(format === 'anthropic' ? anthropicParams : openaiParams),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('x-request-id')).toBe(`req-${key}`);
    expect(await response.text()).toContain(`invalid key ${key}`);
  });
});

describe('oversized and endless answers', () => {
  const MB = 1024 * 1024;

  it('sends a huge body, a huge error body and a huge SSE line of the size asked, in either format', async () => {
    const client = await anthropicSim();
    sim.control.addFault({ kind: 'huge-body', bytes: 3 * MB, declareLength: true });
    const body = await fetch(`${sim.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' }, body: JSON.stringify(anthropicParams) });
    expect(Number(body.headers.get('content-length'))).toBeGreaterThan(3 * MB);
    expect((await body.text()).length).toBe(Number(body.headers.get('content-length')));

    sim.control.addFault({ kind: 'huge-error-body', status: 500, bytes: 2 * MB });
    const failed = await caught(client.messages.create(anthropicParams));
    expect((failed as InstanceType<typeof Anthropic.APIError>).status).toBe(500);
    expect(JSON.stringify((failed as InstanceType<typeof Anthropic.APIError>).error).length).toBeGreaterThan(2 * MB);

    sim.control.addFault({ kind: 'huge-sse-event', afterEvents: 3, bytes: 2 * MB });
    const text = await rawStream({ ...anthropicParams, stream: true });
    const longest = Math.max(...text.split('\n').map((line) => line.length));
    expect(longest).toBeGreaterThan(2 * MB);
    expect(text).toContain('event: message_stop');
    await sim.close();

    const openai = await openaiSim();
    sim.control.addFault({ kind: 'huge-sse-event', afterEvents: 2, bytes: MB });
    const completion = await openai.chat.completions.stream(openaiParams).finalChatCompletion();
    expect(completion.choices[0]!.message.content!.length).toBeGreaterThan(MB);
  });

  it('an endless stream sends deltas until the client leaves, and never a finish', async () => {
    await anthropicSim();
    sim.control.addFault({ kind: 'endless-stream', afterEvents: 3, intervalMs: 5 });
    const controller = new AbortController();
    const response = await fetch(`${sim.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ ...anthropicParams, stream: true }),
      signal: controller.signal,
    });
    let text = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body ?? []) {
      text += decoder.decode(chunk as Uint8Array, { stream: true });
      if (text.split(' and so on').length > 20) break;
    }
    controller.abort();
    expect(text).not.toContain('message_stop');
    expect(text).toContain('"text":" and so on"');
  });
});
