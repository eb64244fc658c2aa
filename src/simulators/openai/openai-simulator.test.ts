import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../start-simulator.js';
import type { SimulatorHandle } from '../types.js';
import { SPEC_FIXTURES_DIR } from '../../../test/support/spec-fixtures.js';

const SPECS = `${SPEC_FIXTURES_DIR}openai`;
const KEY = 'sk-proj-test-key-0001';

let sim: SimulatorHandle;
let client: OpenAI;

beforeEach(async () => {
  sim = await startSimulator({ format: 'openai', name: 'sim-o', keys: [KEY] });
  client = new OpenAI({ baseURL: sim.url, apiKey: KEY, maxRetries: 0 });
});
afterEach(async () => {
  await sim.close();
});

function dataLines(sse: string): string[] {
  return sse
    .split('\n\n')
    .filter((frame) => frame.length > 0)
    .map((frame) => {
      expect(frame.startsWith('data: ')).toBe(true);
      expect(frame.includes('\n')).toBe(false);
      return frame.slice('data: '.length);
    });
}

async function rawPost(body: unknown, headers: Record<string, string> = { authorization: `Bearer ${KEY}` }): Promise<Response> {
  return fetch(`${sim.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

describe('openai simulator with the official SDK', () => {
  it('answers a non-stream completion shaped like the recorded sample', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(completion.id).toMatch(/^chatcmpl-[0-9A-Za-z]{28}$/);
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.message.content).toContain('sim-o');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.total_tokens).toBe((completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0));
    expect(completion._request_id).toMatch(/^req_[0-9a-f]{32}$/);
    const sample = JSON.parse(readFileSync(`${SPECS}/response-text.json`, 'utf8')) as Record<string, unknown>;
    const { _request_id: _ignored, ...body } = completion as unknown as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(Object.keys(sample));
  });

  it('streams content deltas, a finish chunk, usage only on request and [DONE]', async () => {
    sim.control.setScript([{ reply: { text: 'Lisbon is the capital of Portugal.' } }]);
    const withUsage = await rawPost({
      model: 'gpt-4o',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Capital?' }],
    });
    expect(withUsage.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(withUsage.headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+(ms|s)$/);
    const lines = dataLines(await withUsage.text());
    expect(lines.at(-1)).toBe('[DONE]');
    const chunks = lines.slice(0, -1).map((line) => JSON.parse(line) as Record<string, unknown> & { choices: Array<Record<string, unknown>> });
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '', refusal: null });
    expect(chunks.length).toBe(1 + 8 + 1 + 1);
    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([]);
    expect(usageChunk?.usage).toMatchObject({ completion_tokens: 9 });
    for (const chunk of chunks.slice(0, -1)) expect(chunk.usage).toBeNull();
    expect(chunks.at(-2)?.choices[0]).toEqual({ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' });
    const sampleKeys = Object.keys(JSON.parse(dataLines(readFileSync(`${SPECS}/stream-text-usage.sse`, 'utf8'))[1] ?? '{}') as object);
    expect([...Object.keys(chunks[1] ?? {}), 'obfuscation']).toEqual(sampleKeys);

    const withoutUsage = await rawPost({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'Capital?' }] });
    const plainChunks = dataLines(await withoutUsage.text()).slice(0, -1).map((line) => JSON.parse(line) as object);
    for (const chunk of plainChunks) expect('usage' in chunk).toBe(false);
  });

  it('lets the SDK stream helper accumulate text and usage', async () => {
    const stream = client.chat.completions.stream({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hello' }],
      stream_options: { include_usage: true },
    });
    const completion = await stream.finalChatCompletion();
    expect(completion.choices[0]?.message.content).toContain('sim-o');
    expect(completion.usage?.completion_tokens).toBeGreaterThan(1);
  });

  it('streams parallel tool calls by index with argument fragments', async () => {
    sim.control.setScript([
      {
        match: { lastUserText: 'Paris and London' },
        reply: {
          toolCalls: [
            { name: 'get_weather', input: { city: 'Paris', country: 'FR' } },
            { name: 'get_weather', input: { city: 'London', country: 'GB' }, id: 'call_fixed' },
          ],
        },
      },
    ]);
    const request = JSON.parse(readFileSync(`${SPECS}/request-stream-tools.json`, 'utf8')) as unknown;
    const raw = await rawPost(request);
    const chunks = dataLines(await raw.text())
      .slice(0, -1)
      .map((line) => JSON.parse(line) as { choices: Array<{ delta: { tool_calls?: Array<Record<string, unknown>> } }> });
    const first = chunks[0]?.choices[0]?.delta;
    expect(first).toMatchObject({ role: 'assistant', content: null, refusal: null });
    expect(first?.tool_calls?.[0]).toMatchObject({ index: 0, type: 'function', function: { name: 'get_weather', arguments: '' } });
    const fragmentsOfFirst = chunks.filter((chunk) => {
      const call = chunk.choices[0]?.delta.tool_calls?.[0];
      return call?.index === 0 && !('id' in call);
    });
    expect(fragmentsOfFirst.length).toBeGreaterThan(1);

    const streamed = await client.chat.completions
      .stream({ model: 'gpt-4o', tools: [weatherTool], messages: [{ role: 'user', content: 'Weather in Paris and London?' }] })
      .finalChatCompletion();
    const plain = await client.chat.completions.create({
      model: 'gpt-4o',
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'Weather in Paris and London?' }],
    });
    for (const completion of [streamed, plain]) {
      const choice = completion.choices[0];
      expect(choice?.finish_reason).toBe('tool_calls');
      const calls = (choice?.message.tool_calls ?? []).flatMap((call) => (call.type === 'function' ? [call] : []));
      expect(calls.map((call) => JSON.parse(call.function.arguments) as unknown)).toEqual([
        { city: 'Paris', country: 'FR' },
        { city: 'London', country: 'GB' },
      ]);
      expect(calls[0]?.id).toMatch(/^call_[0-9A-Za-z]{24}$/);
      expect(calls[1]?.id).toBe('call_fixed');
    }
  });

  it('matches tool results given as role:tool messages', async () => {
    sim.control.setScript([
      { match: { lastMessageIsToolResult: true, toolResultContains: 'light rain' }, reply: { text: 'Paris: rain.' } },
    ]);
    const request = JSON.parse(readFileSync(`${SPECS}/request-tool-result.json`, 'utf8')) as OpenAI.ChatCompletionCreateParamsNonStreaming;
    const completion = await client.chat.completions.create(request);
    expect(completion.choices[0]?.message.content).toBe('Paris: rain.');
  });

  it('maps an Anthropic-style stop reason override to finish_reason', async () => {
    sim.control.setScript([{ reply: { text: 'cut', stopReason: 'max_tokens' } }]);
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    expect(completion.choices[0]?.finish_reason).toBe('length');
  });

  it('lists models', async () => {
    const page = await client.models.list();
    expect(page.data.map((model) => model.id)).toContain('gpt-4o');
    const model = await client.models.retrieve('gpt-4o-mini');
    expect(model).toMatchObject({ id: 'gpt-4o-mini', object: 'model', owned_by: 'system' });
  });

  it('rejects bad keys and missing auth with the real 401 bodies', async () => {
    const bad = new OpenAI({ baseURL: sim.url, apiKey: 'sk-wrong-key-123456', maxRetries: 0 });
    const error = await bad.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('invalid_api_key');
    const anonymous = await rawPost({ model: 'gpt-4o', messages: [] }, {});
    expect(anonymous.status).toBe(401);
  });

  it('validates required fields, empty messages, unanswered tool calls and strict models', async () => {
    const noMessages = await rawPost({ model: 'gpt-4o' });
    expect(await noMessages.json()).toMatchObject({ error: { code: 'missing_required_parameter', param: 'messages' } });
    const empty = await rawPost({ model: 'gpt-4o', messages: [] });
    expect(await empty.json()).toMatchObject({ error: { code: 'empty_array' } });
    const unanswered = await rawPost({
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 't', arguments: '{}' } }] },
        { role: 'user', content: 'y' },
      ],
    });
    expect(unanswered.status).toBe(400);
    await sim.close();
    sim = await startSimulator({ format: 'openai', strictModels: true, models: ['gpt-4o'] });
    client = new OpenAI({ baseURL: sim.url, apiKey: 'k', maxRetries: 0 });
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-nonexistent', messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('model_not_found');
  });
});
