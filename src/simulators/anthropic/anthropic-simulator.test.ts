import { readFileSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../start-simulator.js';
import type { SimulatorHandle } from '../types.js';
import { SPEC_FIXTURES_DIR } from '../../../test/support/spec-fixtures.js';

const SPECS = `${SPEC_FIXTURES_DIR}anthropic`;
const KEY = 'sk-ant-test-key';

let sim: SimulatorHandle;
let client: Anthropic;

beforeEach(async () => {
  sim = await startSimulator({ format: 'anthropic', name: 'sim-a', keys: [KEY] });
  client = new Anthropic({ baseURL: sim.url, apiKey: KEY, maxRetries: 0 });
});
afterEach(async () => {
  await sim.close();
});

function eventNames(sse: string): string[] {
  return [...sse.matchAll(/^event: (.+)$/gm)].map((match) => match[1] ?? '');
}

async function rawPost(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': KEY, 'anthropic-version': '2023-06-01', ...headers },
    body: JSON.stringify(body),
  });
}

describe('anthropic simulator with the official SDK', () => {
  it('answers a non-stream request with the default reply naming the simulator', async () => {
    const message = await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Hello there' }],
    });
    expect(message.id).toMatch(/^msg_01[0-9A-Za-z]{22}$/);
    expect(message.type).toBe('message');
    expect(message.model).toBe('claude-sonnet-4-6');
    expect(message.stop_reason).toBe('end_turn');
    const first = message.content[0];
    expect(first?.type).toBe('text');
    expect(first?.type === 'text' && first.text).toContain('sim-a');
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(1);
    expect(message._request_id).toMatch(/^req_011C[0-9A-Za-z]{20}$/);
  });

  it('has the same top-level keys as the recorded non-stream sample', async () => {
    const response = await rawPost('/v1/messages', {
      model: 'claude-sonnet-4-6',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const sample = JSON.parse(readFileSync(`${SPECS}/response-text.json`, 'utf8')) as Record<string, unknown>;
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(Object.keys(sample));
    expect(Object.keys(body.usage as object)).toEqual(Object.keys(sample.usage as object));
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    expect(response.headers.get('anthropic-ratelimit-requests-limit')).toMatch(/^\d+$/);
    expect(response.headers.get('anthropic-ratelimit-tokens-reset')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('streams text in chunkCount deltas that the SDK accumulates', async () => {
    await sim.close();
    sim = await startSimulator({ format: 'anthropic', chunkCount: 5, script: [{ reply: { text: 'Lisbon is the capital of Portugal.' } }] });
    client = new Anthropic({ baseURL: sim.url, apiKey: 'any', maxRetries: 0 });
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Capital of Portugal?' }],
    });
    const deltas: string[] = [];
    stream.on('text', (delta) => deltas.push(delta));
    const message = await stream.finalMessage();
    expect(deltas).toHaveLength(5);
    expect(deltas.join('')).toBe('Lisbon is the capital of Portugal.');
    expect(message.content).toEqual([{ type: 'text', text: 'Lisbon is the capital of Portugal.' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.output_tokens).toBe(9);
  });

  it('frames the stream exactly like the recorded tool-use transcript', async () => {
    sim.control.setScript([
      { reply: { text: "I'll look up the current conditions in Oslo.", toolCalls: [{ name: 'get_weather', input: { city: 'Oslo' } }] } },
    ]);
    const request = JSON.parse(readFileSync(`${SPECS}/request-tool-use.json`, 'utf8')) as unknown;
    const response = await rawPost('/v1/messages', request);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const text = await response.text();
    const sample = readFileSync(`${SPECS}/stream-tool-use.sse`, 'utf8');
    const collapse = (names: string[]): string[] => names.filter((name, index) => name !== 'content_block_delta' || names[index - 1] !== name);
    expect(collapse(eventNames(text))).toEqual(collapse(eventNames(sample)));
    // Every frame is `event: X\ndata: {json whose type is X}\n\n`.
    const frames = text.split('\n\n').filter((frame) => frame.length > 0);
    for (const frame of frames) {
      const [eventLine, dataLine, ...rest] = frame.split('\n');
      expect(rest).toEqual([]);
      const data = JSON.parse((dataLine ?? '').slice('data: '.length)) as { type: string };
      expect(eventLine).toBe(`event: ${data.type}`);
    }
    expect(text).toContain('"delta":{"type":"input_json_delta","partial_json":""}');
    expect(text.endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n')).toBe(true);
  });

  it('returns parallel tool calls with parsed input, streamed and not', async () => {
    sim.control.setScript([
      {
        match: { lastUserText: 'Paris and London' },
        reply: {
          text: 'Checking both cities at once.',
          toolCalls: [
            { name: 'get_weather', input: { city: 'Paris', country: 'FR' } },
            { name: 'get_weather', input: { city: 'London', country: 'GB' }, id: 'toolu_01FixedIdForTheTestXyz0' },
          ],
        },
      },
    ]);
    const params = {
      model: 'claude-sonnet-4-6',
      max_tokens: 1024,
      tools: [{ name: 'get_weather', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } } }],
      messages: [{ role: 'user' as const, content: 'Weather in Paris and London?' }],
    };
    const streamed = await client.messages.stream(params).finalMessage();
    const plain = await client.messages.create(params);
    for (const message of [streamed, plain]) {
      expect(message.stop_reason).toBe('tool_use');
      const tools = message.content.filter((block) => block.type === 'tool_use');
      expect(tools.map((block) => block.input)).toEqual([
        { city: 'Paris', country: 'FR' },
        { city: 'London', country: 'GB' },
      ]);
      expect(tools[0]?.id).toMatch(/^toolu_01[0-9A-Za-z]{22}$/);
      expect(tools[1]?.id).toBe('toolu_01FixedIdForTheTestXyz0');
    }
  });

  it('sends a thinking block with a signature before the text', async () => {
    sim.control.setScript([{ reply: { thinking: '17 * 24 = 408.', text: '408' } }]);
    const params = { model: 'claude-sonnet-4-6', max_tokens: 2048, messages: [{ role: 'user' as const, content: '17*24' }] };
    const streamed = await client.messages.stream(params).finalMessage();
    const plain = await client.messages.create(params);
    for (const message of [streamed, plain]) {
      const [thinking, text] = message.content;
      expect(thinking?.type).toBe('thinking');
      expect(thinking?.type === 'thinking' && thinking.thinking).toBe('17 * 24 = 408.');
      expect(thinking?.type === 'thinking' && thinking.signature.length).toBeGreaterThan(20);
      expect(text).toEqual({ type: 'text', text: '408' });
    }
  });

  it('honours a stop reason override', async () => {
    sim.control.setScript([{ reply: { text: 'cut', stopReason: 'max_tokens' } }]);
    const message = await client.messages.stream({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }).finalMessage();
    expect(message.stop_reason).toBe('max_tokens');
  });

  it('reads tool results and system messages inside messages (Claude Code style)', async () => {
    sim.control.setScript([
      { match: { toolResultContains: 'timed out', lastMessageIsToolResult: true, minTurns: 1 }, reply: { text: 'London failed' } },
      { reply: { text: 'fallback' } },
    ]);
    const body = JSON.parse(readFileSync(`${SPECS}/request-tool-result.json`, 'utf8')) as { messages: unknown[] };
    body.messages.unshift({ role: 'system', content: 'You are Claude Code.' });
    const response = await rawPost('/v1/messages', body);
    expect(response.status).toBe(200);
    const message = (await response.json()) as { content: Array<{ text: string }> };
    expect(message.content[0]?.text).toBe('London failed');
  });

  it('counts tokens at about four characters a token', async () => {
    const request = JSON.parse(readFileSync(`${SPECS}/count-tokens-request.json`, 'utf8')) as Anthropic.MessageCountTokensParams;
    const counted = await client.messages.countTokens(request);
    const characters =
      'You are a concise weather assistant.'.length +
      "What's the weather in Oslo right now?".length +
      JSON.stringify(request.tools).length;
    expect(counted.input_tokens).toBe(Math.ceil(characters / 4));
  });

  it('lists models with cursor pagination', async () => {
    const page = await client.models.list({ limit: 2 });
    expect(page.data.map((model) => model.id)).toEqual(['claude-opus-4-7', 'claude-sonnet-4-6']);
    expect(page.data[0]?.display_name).toBe('Claude Opus 4.7');
    expect(page.has_more).toBe(true);
    const all: string[] = [];
    for await (const model of client.models.list({ limit: 1 })) all.push(model.id);
    expect(all).toEqual(['claude-opus-4-7', 'claude-sonnet-4-6', 'claude-haiku-4-5']);
    const one = await client.models.retrieve('claude-haiku-4-5');
    expect(one.display_name).toBe('Claude Haiku 4.5');
  });

  it('rejects an unknown key with the real 401 body, via x-api-key and Bearer', async () => {
    const bad = new Anthropic({ baseURL: sim.url, apiKey: 'wrong', maxRetries: 0 });
    const error = await bad.messages
      .create({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((error as InstanceType<typeof Anthropic.APIError>).type).toBe('authentication_error');
    const viaHeader = await rawPost('/v1/messages', { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
    expect(viaHeader.status).toBe(200);
  });

  it('validates like the real API', async () => {
    const message = { role: 'user', content: 'x' };
    const noVersion = await fetch(`${sim.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', max_tokens: 5, messages: [message] }),
    });
    expect(noVersion.status).toBe(400);
    const noMaxTokens = await rawPost('/v1/messages', { model: 'm', messages: [message] });
    expect(await noMaxTokens.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
      request_id: expect.stringMatching(/^req_/),
    });
    const temperature = await rawPost(
      '/v1/messages',
      { model: 'm', max_tokens: 5, temperature: 1, messages: [message] },
      { 'anthropic-version': '2026-10-21' },
    );
    expect(((await temperature.json()) as { error: { message: string } }).error.message).toBe(
      'temperature: Extra inputs are not permitted',
    );
    const oldVersion = await rawPost('/v1/messages', { model: 'm', max_tokens: 5, temperature: 1, messages: [message] });
    expect(oldVersion.status).toBe(200);
    const orphanToolUse = await rawPost('/v1/messages', {
      model: 'm',
      max_tokens: 5,
      messages: [
        message,
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01A', name: 't', input: {} }] },
        { role: 'user', content: 'never mind' },
      ],
    });
    expect(orphanToolUse.status).toBe(400);
    expect(((await orphanToolUse.json()) as { error: { message: string } }).error.message).toContain('toolu_01A');
    const withBeta = await rawPost('/v1/messages?beta=true', { model: 'm', max_tokens: 5, messages: [message] });
    expect(withBeta.status).toBe(200);
  });

  it('answers unknown models with 404 only when strict', async () => {
    await sim.close();
    sim = await startSimulator({ format: 'anthropic', strictModels: true, models: ['claude-sonnet-4-6'] });
    client = new Anthropic({ baseURL: sim.url, apiKey: 'k', maxRetries: 0 });
    const error = await client.messages
      .create({ model: 'claude-sonnet-9-9', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect((error as InstanceType<typeof Anthropic.APIError>).message).toContain('model: claude-sonnet-9-9');
  });
});
