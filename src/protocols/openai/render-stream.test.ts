import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { CanonicalRequest, StreamPart, Usage } from '../../canonical/index.js';
import { UpstreamHttpError } from '../../errors/index.js';
import { createOpenAIStreamConverter } from '../../providers/openai/convert-openai-stream.js';
import { readSse } from '../../providers/shared/read-sse.js';
import type { RenderContext } from '../inbound-protocol.js';
import { createOpenAIStreamRenderer } from './render-stream.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

function context(includeUsage: boolean | undefined): RenderContext {
  const request: CanonicalRequest = {
    model: 'gpt-4o',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    stream: true,
    ...(includeUsage === undefined ? {} : { providerOptions: { openai: { stream_options: { include_usage: includeUsage } } } }),
  };
  return { requestedModel: 'gpt-4o', request };
}

const USAGE: Usage = {
  inputTokens: { total: 120, noCache: 20, cacheRead: 100, cacheWrite: 0 },
  outputTokens: { total: 40, reasoning: 5 },
};

/** Canonical parts of an answer with text and two parallel tool calls (as an Anthropic upstream yields them). */
const PARALLEL_TOOL_PARTS: StreamPart[] = [
  { type: 'stream-start' },
  { type: 'response-metadata', id: 'msg_01ABC', modelId: 'claude-sonnet-4-5' },
  { type: 'reasoning-start', id: 'r0' },
  { type: 'reasoning-delta', id: 'r0', delta: 'thinking…' },
  { type: 'reasoning-end', id: 'r0', signature: 'sig' },
  { type: 'text-start', id: 't0' },
  { type: 'text-delta', id: 't0', delta: 'Checking ' },
  { type: 'text-delta', id: 't0', delta: 'both.' },
  { type: 'text-end', id: 't0' },
  { type: 'tool-input-start', id: 'toolu_1', toolName: 'get_weather' },
  { type: 'tool-input-delta', id: 'toolu_1', delta: '{"city":' },
  { type: 'tool-input-delta', id: 'toolu_1', delta: '"Paris"}' },
  { type: 'tool-input-end', id: 'toolu_1' },
  { type: 'tool-call', toolCallId: 'toolu_1', toolName: 'get_weather', input: '{"city":"Paris"}' },
  { type: 'tool-input-start', id: 'toolu_2', toolName: 'get_weather' },
  { type: 'tool-input-delta', id: 'toolu_2', delta: '{"city":"London"}' },
  { type: 'tool-input-end', id: 'toolu_2' },
  { type: 'tool-call', toolCallId: 'toolu_2', toolName: 'get_weather', input: '{"city":"London"}' },
  { type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_use' }, usage: USAGE },
];

function render(parts: StreamPart[], renderContext: RenderContext): string {
  const renderer = createOpenAIStreamRenderer(renderContext);
  return parts.map((part) => renderer.write(part, false)).join('');
}

function sdkClient(sse: string): OpenAI {
  const fakeFetch = async (): Promise<Response> => new Response(sse, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  return new OpenAI({ apiKey: 'x', baseURL: 'http://127.0.0.1:1/v1', fetch: fakeFetch, maxRetries: 0 });
}

function dataObjects(sse: string): Array<Record<string, unknown>> {
  return sse
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: {'))
    .map((frame) => JSON.parse(frame.slice('data: '.length)) as Record<string, unknown>);
}

describe('createOpenAIStreamRenderer', () => {
  it('renders parallel tool calls that the official SDK accumulates (include_usage on)', async () => {
    const sse = render(PARALLEL_TOOL_PARTS, context(true));
    const completion = await sdkClient(sse)
      .chat.completions.stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream_options: { include_usage: true } })
      .finalChatCompletion();
    expect(completion.id).toBe('chatcmpl-01ABC');
    expect(completion.model).toBe('claude-sonnet-4-5');
    const message = completion.choices[0]!.message;
    expect(message.content).toBe('Checking both.');
    expect(message.tool_calls).toEqual([
      { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'toolu_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"London"}' } },
    ]);
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    expect(completion.usage).toEqual({
      prompt_tokens: 120,
      completion_tokens: 40,
      total_tokens: 160,
      prompt_tokens_details: { cached_tokens: 100 },
      completion_tokens_details: { reasoning_tokens: 5 },
    });

    const chunks = dataObjects(sse);
    expect(new Set(chunks.map((chunk) => `${chunk.id} ${chunk.created} ${chunk.model}`)).size).toBe(1);
    expect(chunks.every((chunk) => 'usage' in chunk)).toBe(true);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: 160 } });
    expect(sse.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(sse).not.toContain('event:');
  });

  it('omits usage entirely when the client did not ask for it, and a plain create loop reads it', async () => {
    const sse = render(PARALLEL_TOOL_PARTS, context(undefined));
    const chunks = dataObjects(sse);
    expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false);
    expect(chunks.every((chunk) => Array.isArray(chunk.choices) && chunk.choices.length === 1)).toBe(true);

    const stream = await sdkClient(sse).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
    let content = '';
    const argumentsByIndex: string[] = [];
    const finishReasons: string[] = [];
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (!choice) continue;
      content += choice.delta.content ?? '';
      for (const call of choice.delta.tool_calls ?? []) argumentsByIndex[call.index] = (argumentsByIndex[call.index] ?? '') + (call.function?.arguments ?? '');
      if (choice.finish_reason) finishReasons.push(choice.finish_reason);
    }
    expect(content).toBe('Checking both.');
    expect(argumentsByIndex).toEqual(['{"city":"Paris"}', '{"city":"London"}']);
    expect(finishReasons).toEqual(['tool_calls']);
  });

  it('starts with content null and the first tool call when the answer starts with a tool call', () => {
    const parts = PARALLEL_TOOL_PARTS.filter((part) => !part.type.startsWith('text-'));
    const first = dataObjects(render(parts, context(false)))[0] as { choices: Array<{ delta: Record<string, unknown> }> };
    expect(first.choices[0]!.delta).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ index: 0, id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '' } }],
      refusal: null,
    });
    const second = dataObjects(render(parts, context(false)))[1] as { choices: Array<{ delta: Record<string, unknown> }> };
    expect(second.choices[0]!.delta).toEqual({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] });
  });

  it('starts a text answer with role, empty content and null refusal', () => {
    const sse = render(
      [
        { type: 'stream-start' },
        { type: 'text-start', id: 't' },
        { type: 'text-delta', id: 't', delta: 'Hi' },
        { type: 'text-end', id: 't' },
        { type: 'finish', finishReason: { unified: 'length', raw: 'max_tokens' }, usage: USAGE },
      ],
      context(false),
    );
    const chunks = dataObjects(sse) as Array<{ model: string; choices: Array<{ delta: unknown; finish_reason: unknown }> }>;
    expect(chunks.map((chunk) => chunk.choices[0])).toEqual([
      { index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null },
      { index: 0, delta: { content: 'Hi' }, logprobs: null, finish_reason: null },
      { index: 0, delta: {}, logprobs: null, finish_reason: 'length' },
    ]);
    expect(chunks[0]!.model).toBe('gpt-4o');
  });

  it.each(['stream-text-usage.sse', 'stream-parallel-tool-calls.sse', 'stream-refusal.sse', 'stream-error-midstream.sse'])(
    'passes %s through byte for byte',
    async (name) => {
      const sample = fixture(name);
      const renderer = createOpenAIStreamRenderer(context(true));
      const converter = createOpenAIStreamConverter();
      let output = '';
      for await (const event of readSse(toAsync([sample]))) {
        const parts = converter.push(event.data);
        if (!parts.some((part) => part.type === 'error')) output += renderer.write({ type: 'raw', format: 'openai', frame: event.frame }, true);
        for (const part of parts) output += renderer.write(part, true);
      }
      for (const part of converter.end()) output += renderer.write(part, true);
      expect(output).toBe(sample.replace(/\n+$/, '\n\n'));
    },
  );

  it('continues a passthrough stream after a failover with the same id and tool indexes, naming the continuing model', () => {
    const renderer = createOpenAIStreamRenderer(context(false));
    const frame = 'data: {"id":"chatcmpl-up","object":"chat.completion.chunk","created":1,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]}\n\n';
    let output = renderer.write({ type: 'raw', format: 'openai', frame }, true);
    output += renderer.write({ type: 'stream-start' }, true);
    output += renderer.write({ type: 'response-metadata', id: 'chatcmpl-up', modelId: 'gpt-4o-2024-08-06' }, true);
    output += renderer.write({ type: 'text-start', id: 'x' }, true);
    expect(output).toBe(frame);
    // Another target continues: its parts are rendered (passthrough false), no raw frames.
    output += renderer.write({ type: 'stream-start' }, false);
    output += renderer.write({ type: 'response-metadata', id: 'msg_other', modelId: 'claude' }, false);
    output += renderer.write({ type: 'text-start', id: 'y' }, false);
    output += renderer.write({ type: 'text-delta', id: 'y', delta: 'more' }, false);
    output += renderer.write({ type: 'finish', finishReason: { unified: 'stop', raw: 'end_turn' }, usage: USAGE }, false);
    const chunks = dataObjects(output);
    expect(chunks.map((chunk) => chunk.id)).toEqual(['chatcmpl-up', 'chatcmpl-up', 'chatcmpl-up']);
    expect(chunks.map((chunk) => chunk.created)).toEqual([1, 1, 1]);
    // The chunks the continuing target wrote carry its model.
    expect(chunks.map((chunk) => chunk.model)).toEqual(['gpt-4o-2024-08-06', 'claude', 'claude']);
    expect(chunks[1]).toMatchObject({ choices: [{ delta: { content: 'more' } }] });
    expect(output.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('fail() writes one OpenAI error object and nothing after it', async () => {
    const renderer = createOpenAIStreamRenderer(context(true));
    let sse = renderer.write({ type: 'stream-start' }, false) + renderer.write({ type: 'text-start', id: 't' }, false) + renderer.write({ type: 'text-delta', id: 't', delta: 'Hel' }, false);
    const error = new UpstreamHttpError({ status: 529, failureClass: 'overloaded', providerErrorType: 'overloaded_error', providerMessage: 'Overloaded' });
    sse += renderer.fail(error);
    expect(renderer.write({ type: 'text-delta', id: 't', delta: 'lo' }, false)).toBe('');
    expect(renderer.fail(error)).toBe('');
    expect(sse).not.toContain('[DONE]');
    expect(sse.endsWith('data: {"error":{"message":"Overloaded","type":"server_error","param":null,"code":null}}\n\n')).toBe(true);
    await expect(
      sdkClient(sse).chat.completions.stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }).finalChatCompletion(),
    ).rejects.toMatchObject({ type: 'server_error', message: 'Overloaded' });
  });
});


async function* toAsync<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}
