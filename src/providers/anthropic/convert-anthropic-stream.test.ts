import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../canonical/index.js';
import { LifelineError, UpstreamConnectionError, UpstreamHttpError, UpstreamResponseError } from '../../errors/index.js';
import { readSseBatches } from '../shared/read-sse.js';
import { convertAnthropicStream } from './convert-anthropic-stream.js';
import { eachPart } from '../../../test/support/stream-parts.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

async function* chunksOf(text: string, failWith?: Error): AsyncGenerator<string> {
  for (let offset = 0; offset < text.length; offset += 53) yield text.slice(offset, offset + 53);
  if (failWith) throw failWith;
}

async function collect(text: string, options: { passthrough?: boolean; failWith?: Error; malformedEvents?: { limit: number; onSkipped(detail: string): void } } = {}): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  const stream = convertAnthropicStream(readSseBatches(chunksOf(text, options.failWith)), {
    passthrough: options.passthrough ?? false,
    mapReadError: (error) => new UpstreamConnectionError(`read failed: ${(error as Error).message}`),
    ...(options.malformedEvents ? { malformedEvents: options.malformedEvents } : {}),
  });
  for await (const part of eachPart(stream)) parts.push(part);
  return parts;
}

describe('convertAnthropicStream', () => {
  it('converts stream-text.sse', async () => {
    const parts = await collect(fixture('stream-text.sse'));
    expect(parts.map((part) => part.type)).toEqual([
      'stream-start', 'response-metadata', 'text-start', 'text-delta', 'text-delta', 'text-delta', 'text-delta', 'text-end', 'finish',
    ]);
    expect(parts[1]).toMatchObject({ type: 'response-metadata', id: 'msg_01Vq7rTGm4Xc9KpLa2BnWs8E', modelId: 'claude-sonnet-4-6', usage: { inputTokens: { total: 24 } } });
    const text = parts.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : [])).join('');
    expect(text).toBe('Lisbon is the capital of Portugal. It sits on the Tagus estuary near the Atlantic coast.');
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'end_turn' },
      usage: { inputTokens: { total: 24, noCache: 24, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 23 } },
    });
  });

  it('converts stream-tool-use.sse with the full JSON input at the block stop', async () => {
    const parts = await collect(fixture('stream-tool-use.sse'));
    expect(parts).toContainEqual({ type: 'tool-input-start', id: 'toolu_01KzP8mWq3VbN6tYc2LdR9sA', toolName: 'get_weather' });
    const toolCall = parts.find((part) => part.type === 'tool-call');
    expect(toolCall).toEqual({ type: 'tool-call', toolCallId: 'toolu_01KzP8mWq3VbN6tYc2LdR9sA', toolName: 'get_weather', input: '{"city": "Oslo", "country": "NO", "units": "celsius"}' });
    const deltas = parts.filter((part) => part.type === 'tool-input-delta');
    expect(deltas).toHaveLength(4);
    expect(parts.indexOf(toolCall!)).toBe(parts.findIndex((part) => part.type === 'tool-input-end') + 1);
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'tool-calls', raw: 'tool_use' },
      usage: { inputTokens: { total: 2302, noCache: 412, cacheRead: 1890 }, outputTokens: { total: 71 } },
    });
  });

  it('converts stream-thinking.sse with the signature at reasoning-end and reasoning tokens', async () => {
    const parts = await collect(fixture('stream-thinking.sse'));
    const end = parts.find((part) => part.type === 'reasoning-end');
    expect(end).toMatchObject({ type: 'reasoning-end', id: '0', signature: expect.stringMatching(/^EqMECkgI/) as unknown });
    const thinking = parts.flatMap((part) => (part.type === 'reasoning-delta' ? [part.delta] : [])).join('');
    expect(thinking).toBe('The user wants 17 * 24. Split 24 into 20 + 4.\n17 * 20 = 340\n17 * 4 = 68\n340 + 68 = 408.');
    expect(parts.at(-1)).toMatchObject({ type: 'finish', usage: { outputTokens: { total: 96, reasoning: 71 } } });
  });

  it('converts stream-parallel-tool-use.sse into two tool calls', async () => {
    const parts = await collect(fixture('stream-parallel-tool-use.sse'));
    const calls = parts.filter((part) => part.type === 'tool-call');
    expect(calls).toEqual([
      { type: 'tool-call', toolCallId: 'toolu_01Rv6Lk2Nf8Qb3Zx7Mp4Wc1T', toolName: 'get_weather', input: '{"city": "Paris", "country": "FR"}' },
      { type: 'tool-call', toolCallId: 'toolu_01Cs9Hd5Vg2Kt7Yq3Ne8Bf6R', toolName: 'get_weather', input: '{"city": "London", "country": "GB"}' },
    ]);
  });

  it('ends stream-error-overloaded.sse with a mid-stream 529 overloaded error part', async () => {
    const parts = await collect(fixture('stream-error-overloaded.sse'));
    const last = parts.at(-1);
    expect(last?.type).toBe('error');
    const error = (last as { error: unknown }).error;
    expect(error).toBeInstanceOf(UpstreamHttpError);
    expect(error).toMatchObject({ status: 529, failureClass: 'overloaded', midStream: true, providerErrorType: 'overloaded_error' });
    expect(parts.filter((part) => part.type === 'finish')).toHaveLength(0);
  });

  it('yields each raw frame before its derived parts in passthrough, and no raw frame for errors', async () => {
    const parts = await collect(fixture('stream-error-overloaded.sse'), { passthrough: true });
    expect(parts.map((part) => part.type)).toEqual([
      'stream-start',
      'raw', 'response-metadata',
      'raw', 'text-start',
      'raw',
      'raw', 'text-delta',
      'raw', 'text-delta',
      'error',
    ]);
    expect(parts[1]).toMatchObject({ type: 'raw', format: 'anthropic', frame: expect.stringMatching(/^event: message_start\ndata: /) as unknown });
  });

  it('reports a stream that ends before message_stop', async () => {
    const text = fixture('stream-text.sse');
    const parts = await collect(text.slice(0, text.indexOf('event: message_delta')));
    expect(parts.at(-1)).toMatchObject({ type: 'error' });
    const error = (parts.at(-1) as { error: unknown }).error;
    expect(error).toBeInstanceOf(UpstreamResponseError);
    expect((error as Error).message).toContain('stream ended before message_stop');
  });

  it('reports a frame that is not JSON', async () => {
    const parts = await collect('event: message_start\ndata: {"type":"message_start",\n\n');
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'error']);
    expect((parts[1] as { error: unknown }).error).toBeInstanceOf(UpstreamResponseError);
  });

  it('skips and reports malformed events up to the tolerance, raw frames included, and fails past it', async () => {
    const text = fixture('stream-text.sse');
    const firstDelta = text.indexOf('event: content_block_delta');
    const broken = ['event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"cut sh\n\n', 'event: content_block_delta\ndata: {"type":"content_block_delta","index":"x"}\n\n'];
    const withBroken = text.slice(0, firstDelta) + broken.join('') + text.slice(firstDelta);
    const skipped: string[] = [];
    const parts = await collect(withBroken, { passthrough: true, malformedEvents: { limit: 2, onSkipped: (detail) => skipped.push(detail) } });
    expect(skipped).toEqual(['an event that is not JSON', 'a malformed content_block_delta event']);
    expect(parts.at(-1)?.type).toBe('finish');
    expect(parts.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : [])).join('')).toBe('Lisbon is the capital of Portugal. It sits on the Tagus estuary near the Atlantic coast.');
    expect(parts.some((part) => part.type === 'raw' && (part.frame.includes('cut sh') || part.frame.includes('"index":"x"')))).toBe(false);

    const failed = await collect(withBroken, { malformedEvents: { limit: 1, onSkipped: () => undefined } });
    expect(failed.at(-1)).toMatchObject({ type: 'error', error: expect.objectContaining({ message: 'Anthropic stream sent a malformed content_block_delta event' }) });
  });

  it('turns a transport error while reading into an error part instead of throwing', async () => {
    const text = fixture('stream-text.sse');
    const parts = await collect(text.slice(0, 900), { failWith: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    const last = parts.at(-1) as { type: string; error: unknown };
    expect(last.type).toBe('error');
    expect(last.error).toBeInstanceOf(UpstreamConnectionError);
  });

  it('ignores ping, unknown events and unknown block types', async () => {
    const sse = [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","model":"m","usage":{"input_tokens":3,"output_tokens":1}}}\n\n',
      'event: brand_new_event\ndata: {"type":"brand_new_event","x":1}\n\n',
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{}"}}\n\n',
      'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
      'event: ping\ndata: {"type": "ping"}\n\n',
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"pause_turn","stop_sequence":null},"usage":{"output_tokens":9}}\n\n',
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    ].join('');
    const parts = await collect(sse);
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'response-metadata', 'finish']);
    expect(parts[2]).toMatchObject({ finishReason: { unified: 'pause', raw: 'pause_turn' }, usage: { inputTokens: { noCache: 3 }, outputTokens: { total: 9 } } });
  });

  it('a fault in the conversion is a LifelineError part, not a failure of the provider; a read error stays the wire\'s', async () => {
    // An event whose frame cannot be read stands in for any bug met while converting.
    const broken = { event: 'ping', data: '{"type":"ping"}', get frame(): string { throw new TypeError('a bug in the converter'); } };
    async function* events() {
      yield [{ event: 'message_start', data: JSON.stringify({ type: 'message_start', message: { id: 'm', content: [] } }), frame: 'event: message_start\n' }];
      yield [broken];
    }
    const parts: StreamPart[] = [];
    for await (const part of eachPart(convertAnthropicStream(events(), { passthrough: true, mapReadError: () => new UpstreamConnectionError('unused') }))) parts.push(part);
    const last = parts.at(-1);
    expect(last?.type).toBe('error');
    expect(last).toMatchObject({ error: { failureClass: 'internal' } });
    expect((last as { error: unknown }).error).toBeInstanceOf(LifelineError);

    const reset = await collect(fixture('stream-text.sse').slice(0, 200), { failWith: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    expect(reset.at(-1)).toMatchObject({ type: 'error', error: { failureClass: 'network' } });
  });
});
