import { readFileSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import type { CanonicalRequest, StreamPart, Usage } from '../../canonical/index.js';
import { UpstreamHttpError } from '../../errors/index.js';
import { convertAnthropicStream } from '../../providers/anthropic/convert-anthropic-stream.js';
import { readSseBatches } from '../../providers/shared/read-sse.js';
import { createAnthropicStreamRenderer } from './render-stream.js';
import { eachPart } from '../../../test/support/stream-parts.js';

const request: CanonicalRequest = { model: 'claude-asked', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: true };
const context = { requestedModel: 'claude-asked', request };

function usage(input: number | undefined, output: number | undefined): Usage {
  return { inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: output, reasoning: undefined } };
}

function render(parts: StreamPart[]): string {
  const renderer = createAnthropicStreamRenderer(context);
  return parts.map((part) => renderer.write(part, false)).join('');
}

/** Feeds SSE text to the official SDK, as if a server had sent it, and returns its final message. */
async function sdkFinalMessage(sse: string): Promise<Anthropic.Message> {
  const client = new Anthropic({
    apiKey: 'test-key',
    maxRetries: 0,
    fetch: async () => new Response(sse, { headers: { 'content-type': 'text/event-stream' } }),
  });
  return client.messages.stream({ model: 'claude-asked', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
}

const SAMPLES = new URL('../../providers/anthropic/__fixtures__/', import.meta.url);

async function* chunksOf(text: string): AsyncGenerator<string> {
  // Small uneven chunks, as a network would deliver them.
  for (let offset = 0; offset < text.length; offset += 37) yield text.slice(offset, offset + 37);
}

describe('createAnthropicStreamRenderer', () => {
  it('renders exact Anthropic SSE framing for a text answer', () => {
    const sse = render([
      { type: 'stream-start' },
      { type: 'response-metadata', id: 'chatcmpl-1', modelId: 'gpt-real', usage: usage(5, undefined) },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Hi' },
      { type: 'text-end', id: 't' },
      { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: usage(5, 2) },
    ]);
    expect(sse).toBe(
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_chatcmpl-1","type":"message","role":"assistant","model":"gpt-real","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":5,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}}\n\n' +
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
        'event: ping\ndata: {"type": "ping"}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n' +
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n' +
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":5,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":2}}\n\n' +
        'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
  });

  it('produces a stream the official SDK accumulates: thinking with signature, text, tool calls', async () => {
    const sse = render([
      { type: 'stream-start' },
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-delta', id: 'r', delta: 'Let me ' },
      { type: 'reasoning-delta', id: 'r', delta: 'think.' },
      { type: 'reasoning-end', id: 'r', signature: 'sig-123' },
      { type: 'reasoning-start', id: 'x', redactedData: 'encrypted' },
      { type: 'reasoning-end', id: 'x' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Checking.' },
      { type: 'text-end', id: 't' },
      { type: 'tool-input-start', id: 'call_1', toolName: 'get_weather' },
      { type: 'tool-input-delta', id: 'call_1', delta: '{"city":' },
      { type: 'tool-input-delta', id: 'call_1', delta: '"Oslo"}' },
      { type: 'tool-input-end', id: 'call_1' },
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: '{"city":"Oslo"}' },
      // A provider that sends a call in one piece, with no input run.
      { type: 'tool-call', toolCallId: 'call_2', toolName: 'get_time', input: '{"zone":"CET"}' },
      { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: { ...usage(40, 12), inputTokens: { total: 40, noCache: undefined, cacheRead: 30, cacheWrite: undefined } } },
    ]);
    const message = await sdkFinalMessage(sse);
    expect(message.model).toBe('claude-asked');
    expect(message.id).toMatch(/^msg_/);
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Let me think.', signature: 'sig-123' },
      { type: 'redacted_thinking', data: 'encrypted' },
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Oslo' } },
      { type: 'tool_use', id: 'call_2', name: 'get_time', input: { zone: 'CET' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 10, cache_read_input_tokens: 30, output_tokens: 12 });
    // Exactly one ping, right after the first block start.
    expect(sse.match(/event: ping/g)).toHaveLength(1);
    expect(sse.indexOf('event: ping')).toBeGreaterThan(sse.indexOf('event: content_block_start'));
  });

  it('closes open blocks and emits message_start on finish, taking input usage from the metadata', async () => {
    const sse = render([
      { type: 'stream-start' },
      { type: 'response-metadata', modelId: 'gpt-real', usage: usage(9, undefined) },
      { type: 'text-delta', id: 't', delta: 'no start part' },
      { type: 'finish', finishReason: { unified: 'length', raw: 'length' }, usage: usage(undefined, 4) },
    ]);
    const message = await sdkFinalMessage(sse);
    expect(message.content).toEqual([{ type: 'text', text: 'no start part' }]);
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage).toMatchObject({ input_tokens: 9, output_tokens: 4 });
  });

  it.each(['stream-text.sse', 'stream-tool-use.sse', 'stream-thinking.sse', 'stream-parallel-tool-use.sse'])(
    'passes %s through byte for byte from raw frames, without rendering the derived parts again',
    async (name) => {
      const original = readFileSync(new URL(name, SAMPLES), 'utf8');
      const renderer = createAnthropicStreamRenderer(context);
      let output = '';
      for await (const part of eachPart(convertAnthropicStream(readSseBatches(chunksOf(original)), { passthrough: true, mapReadError: (error) => error as never }))) {
        output += renderer.write(part, true);
      }
      expect(output).toBe(original);
    },
  );

  it('ends a passed-through stream with an error event the SDK throws on', async () => {
    const original = readFileSync(new URL('stream-error-overloaded.sse', SAMPLES), 'utf8');
    const renderer = createAnthropicStreamRenderer(context);
    let output = '';
    for await (const part of eachPart(convertAnthropicStream(readSseBatches(chunksOf(original)), { passthrough: true, mapReadError: (error) => error as never }))) {
      if (part.type === 'error') output += renderer.fail(part.error as UpstreamHttpError);
      else output += renderer.write(part, true);
    }
    expect(output.endsWith('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n')).toBe(true);
    expect(output.match(/event: message_start/g)).toHaveLength(1);
    expect(renderer.write({ type: 'text-delta', id: '0', delta: 'late' }, true)).toBe('');
    await expect(sdkFinalMessage(output)).rejects.toMatchObject({ type: 'overloaded_error' });
  });

  it('fail() after rendered content emits only the error event', () => {
    const renderer = createAnthropicStreamRenderer(context);
    renderer.write({ type: 'stream-start' }, false);
    renderer.write({ type: 'text-start', id: 't' }, false);
    renderer.write({ type: 'text-delta', id: 't', delta: 'partial' }, false);
    const error = new UpstreamHttpError({ status: 429, failureClass: 'rate_limited', providerMessage: 'slow down' });
    expect(renderer.fail(error)).toBe('event: error\ndata: {"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}\n\n');
    expect(renderer.fail(error)).toBe('');
    expect(renderer.write({ type: 'finish', finishReason: { unified: 'stop', raw: undefined }, usage: usage(1, 1) }, false)).toBe('');
  });

  it('renders a continuation from another target after passthrough with following indices and no second message_start', async () => {
    const frames = readFileSync(new URL('stream-text.sse', SAMPLES), 'utf8');
    const renderer = createAnthropicStreamRenderer(context);
    let output = '';
    for await (const part of eachPart(convertAnthropicStream(readSseBatches(chunksOf(frames)), { passthrough: true, mapReadError: (error) => error as never }))) {
      // Cut the first target off before its message_delta.
      if (part.type === 'raw' && part.frame.startsWith('event: message_delta')) break;
      output += renderer.write(part, true);
    }
    const continuation: StreamPart[] = [
      { type: 'stream-start' },
      { type: 'raw', format: 'anthropic', frame: 'event: message_start\ndata: {"type":"message_start","message":{}}\n\n' },
      { type: 'response-metadata', id: 'msg_other', modelId: 'other-model' },
      { type: 'text-start', id: 'c' },
      { type: 'text-delta', id: 'c', delta: ' More.' },
      { type: 'text-end', id: 'c' },
      { type: 'finish', finishReason: { unified: 'stop', raw: 'end_turn' }, usage: usage(24, 30) },
    ];
    for (const part of continuation) output += renderer.write(part, false);
    expect(output.match(/event: message_start/g)).toHaveLength(1);
    expect(output).toContain('"index":1,"content_block":{"type":"text"');
    const message = await sdkFinalMessage(output);
    expect(message.content.map((block) => (block.type === 'text' ? block.text : ''))).toEqual([
      'Lisbon is the capital of Portugal. It sits on the Tagus estuary near the Atlantic coast.',
      ' More.',
    ]);
    expect(message.usage.output_tokens).toBe(30);
  });

  it('ignores raw frames of other formats and unknown part types', () => {
    const renderer = createAnthropicStreamRenderer(context);
    expect(renderer.write({ type: 'raw', format: 'openai', frame: 'data: {}\n\n' }, true)).toBe('');
    expect(renderer.write({ type: 'something-new' } as unknown as StreamPart, false)).toBe('');
  });
});
