import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../canonical/index.js';
import { UpstreamHttpError, UpstreamResponseError } from '../../errors/index.js';
import { readSse } from '../shared/read-sse.js';
import { createOpenAIStreamConverter } from './convert-openai-stream.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

async function convert(sse: string, malformedEvents?: { limit: number; onSkipped(detail: string): void }): Promise<StreamPart[]> {
  const converter = createOpenAIStreamConverter(malformedEvents ? { malformedEvents } : {});
  const parts: StreamPart[] = [];
  async function* body(): AsyncGenerator<string> {
    // Small slices: frames must survive arbitrary chunk boundaries.
    for (let index = 0; index < sse.length; index += 37) yield sse.slice(index, index + 37);
  }
  for await (const event of readSse(body())) {
    parts.push(...converter.push(event.data));
    if (converter.closed) break;
  }
  parts.push(...converter.end());
  return parts;
}

function text(parts: StreamPart[]): string {
  return parts.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : [])).join('');
}

describe('createOpenAIStreamConverter', () => {
  it('converts the text sample with usage from the chunk after the finish chunk', async () => {
    const parts = await convert(fixture('stream-text-usage.sse'));
    expect(parts[0]).toEqual({ type: 'stream-start' });
    expect(parts[1]).toEqual({ type: 'response-metadata', id: 'chatcmpl-CQz7xN4bKp2LmVt9RwHs3YdAe6Fg', modelId: 'gpt-4o-2024-08-06' });
    expect(parts[2]).toEqual({ type: 'text-start', id: 'text-0' });
    expect(text(parts)).toBe('Lisbon is the capital of Portugal.');
    const types = parts.map((part) => part.type);
    expect(types.filter((type) => type === 'text-end')).toHaveLength(1);
    const finish = parts.at(-1);
    expect(finish).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: { total: 19, noCache: 19, cacheRead: 0 }, outputTokens: { total: 9, reasoning: 0 } },
      providerMetadata: { openai: { system_fingerprint: 'fp_a7d06e42a7', service_tier: 'default' } },
    });
  });

  it('converts the parallel tool call sample into two complete calls', async () => {
    const parts = await convert(fixture('stream-parallel-tool-calls.sse'));
    const interesting = parts.filter((part) => part.type.startsWith('tool-') || part.type === 'finish');
    expect(interesting.map((part) => part.type)).toEqual([
      'tool-input-start', 'tool-input-delta', 'tool-input-delta', 'tool-input-delta', 'tool-input-delta', 'tool-input-end', 'tool-call',
      'tool-input-start', 'tool-input-delta', 'tool-input-delta', 'tool-input-delta', 'tool-input-delta', 'tool-input-end', 'tool-call',
      'finish',
    ]);
    expect(parts.filter((part) => part.type === 'tool-call')).toEqual([
      { type: 'tool-call', toolCallId: 'call_Vb3nQ8kLm2Xw7RtY1cPz5Jha', toolName: 'get_weather', input: '{"city": "Paris", "country": "FR"}' },
      { type: 'tool-call', toolCallId: 'call_Hs6dW1pZq9Ke4NfU8yLc2Tvr', toolName: 'get_weather', input: '{"city": "London", "country": "GB"}' },
    ]);
    expect(parts.at(-1)).toMatchObject({ finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage: { inputTokens: { total: 142 }, outputTokens: { total: 51 } } });
    expect(parts.some((part) => part.type === 'text-start')).toBe(false);
  });

  it('turns the refusal sample into text with a content-filter finish', async () => {
    const parts = await convert(fixture('stream-refusal.sse'));
    expect(text(parts)).toBe("I'm sorry, but I can't help with that request.");
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'content-filter', raw: 'stop' } });
  });

  it('turns the mid-stream error object into an error part and nothing after it', async () => {
    const parts = await convert(fixture('stream-error-midstream.sse'));
    expect(text(parts)).toBe('The three largest');
    const last = parts.at(-1);
    expect(last?.type).toBe('error');
    const error = (last as { error: unknown }).error;
    expect(error).toBeInstanceOf(UpstreamHttpError);
    expect(error).toMatchObject({ failureClass: 'server', midStream: true, providerErrorType: 'server_error', status: 500 });
    expect(parts.filter((part) => part.type === 'finish' || part.type === 'error')).toHaveLength(1);
  });

  it('reports a stream that ends without [DONE] or finish_reason as ended early', async () => {
    const sample = fixture('stream-text-usage.sse').split('\n\n').slice(0, 3).join('\n\n') + '\n\n';
    const parts = await convert(sample);
    const last = parts.at(-1) as { type: string; error?: unknown };
    expect(last.type).toBe('error');
    expect(last.error).toBeInstanceOf(UpstreamResponseError);
    expect((last.error as Error).message).toBe('stream ended early');
  });

  it('finishes a stream that ends after its finish chunk without [DONE]', async () => {
    const sample = fixture('stream-text-usage.sse').replace('data: [DONE]\n\n', '');
    const parts = await convert(sample);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', usage: { inputTokens: { total: 19 } } });
  });

  it('reports invalid JSON in a frame as an UpstreamResponseError', async () => {
    const parts = await convert('data: {"id":"x","choices":[]}\n\ndata: {oops\n\ndata: [DONE]\n\n');
    const last = parts.at(-1) as { type: string; error?: unknown };
    expect(last.type).toBe('error');
    expect(last.error).toBeInstanceOf(UpstreamResponseError);
  });

  it('skips and reports malformed frames up to the tolerance, and fails past it', async () => {
    const sample = fixture('stream-text-usage.sse');
    const second = sample.indexOf('data:', sample.indexOf('data:') + 1);
    const broken = 'data: {"id":"chatcmpl-broken","choices":[{"index":0,"delta":{"content":"cut sh\n\ndata: {"choices":"nope"}\n\n';
    const withBroken = sample.slice(0, second) + broken + sample.slice(second);
    const skipped: string[] = [];
    const parts = await convert(withBroken, { limit: 3, onSkipped: (detail) => skipped.push(detail) });
    expect(skipped).toEqual(['a stream frame that is not JSON', 'a stream chunk of an unexpected shape']);
    expect(text(parts)).toBe('Lisbon is the capital of Portugal.');
    expect(parts.at(-1)?.type).toBe('finish');

    const failed = await convert(withBroken, { limit: 1, onSkipped: () => undefined });
    expect(failed.at(-1)).toMatchObject({ type: 'error', error: expect.objectContaining({ message: 'provider sent a stream chunk of an unexpected shape' }) });
    // Without a tolerance the first one fails the stream, as before.
    expect((await convert(withBroken)).at(-1)).toMatchObject({ type: 'error', error: expect.objectContaining({ message: 'provider sent a stream frame that is not JSON' }) });
  });

  it('classifies an overloaded error object', () => {
    const converter = createOpenAIStreamConverter();
    const parts = converter.push('{"error":{"message":"busy","type":"service_unavailable_error","code":"server_is_overloaded"}}');
    expect((parts.at(-1) as { error: UpstreamHttpError }).error).toMatchObject({ failureClass: 'overloaded', status: 503, midStream: true });
  });

  it('marks tool calls as tool-calls even when finish_reason is stop (named tool_choice)', () => {
    const converter = createOpenAIStreamConverter();
    converter.push('{"id":"c","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]}}]}');
    converter.push('{"id":"c","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}');
    const parts = converter.push('[DONE]');
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'tool-calls', raw: 'stop' } });
  });
});
