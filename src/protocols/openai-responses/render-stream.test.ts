import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { CanonicalRequest, StreamPart, Usage } from '../../canonical/index.js';
import { UpstreamHttpError } from '../../errors/index.js';
import type { RenderContext } from '../inbound-protocol.js';
import { parseResponsesRequest } from './parse-request.js';
import { createResponsesStreamRenderer } from './render-stream.js';

const USAGE: Usage = { inputTokens: { total: 120, noCache: 20, cacheRead: 100, cacheWrite: 0 }, outputTokens: { total: 40, reasoning: 5 } };

function contextFor(body: Record<string, unknown>): RenderContext {
  const request: CanonicalRequest = parseResponsesRequest({ model: 'gpt-5', input: 'hi', stream: true, ...body });
  return { requestedModel: 'gpt-5', request };
}

function render(parts: StreamPart[], context: RenderContext): string {
  const renderer = createResponsesStreamRenderer(context);
  return parts.map((part) => renderer.write(part, false)).join('');
}

/** Feeds the rendered SSE to the official SDK's responses.stream(), which checks the event order. */
async function throughSdk(sse: string): Promise<{ events: OpenAI.Responses.ResponseStreamEvent[]; final: OpenAI.Responses.Response }> {
  const fakeFetch = async (): Promise<Response> => new Response(sse, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  const client = new OpenAI({ apiKey: 'x', baseURL: 'http://127.0.0.1:1/v1', fetch: fakeFetch, maxRetries: 0 });
  const stream = client.responses.stream({ model: 'gpt-5', input: 'hi' });
  const events: OpenAI.Responses.ResponseStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return { events, final: await stream.finalResponse() };
}

const start: StreamPart[] = [{ type: 'stream-start' }, { type: 'response-metadata', id: 'msg_01ABC', modelId: 'claude-sonnet-4-5' }];

describe('createResponsesStreamRenderer', () => {
  it('renders reasoning, text and parallel calls in the API order, numbered from 0, with usage details', async () => {
    const parts: StreamPart[] = [
      ...start,
      { type: 'reasoning-start', id: 'r0' },
      { type: 'reasoning-delta', id: 'r0', delta: 'Think' },
      { type: 'reasoning-delta', id: 'r0', delta: 'ing.' },
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
      { type: 'tool-call', toolCallId: 'toolu_2', toolName: 'get_weather', input: '{"city":"London"}' },
      { type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_use' }, usage: USAGE },
    ];
    const { events, final } = await throughSdk(render(parts, contextFor({})));
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    expect(events.map((event) => event.type)).toEqual([
      'response.created', 'response.in_progress',
      'response.output_item.added', 'response.reasoning_summary_part.added', 'response.reasoning_summary_text.delta', 'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done', 'response.reasoning_summary_part.done', 'response.output_item.done',
      'response.output_item.added', 'response.content_part.added', 'response.output_text.delta', 'response.output_text.delta',
      'response.output_text.done', 'response.content_part.done', 'response.output_item.done',
      'response.output_item.added', 'response.function_call_arguments.delta', 'response.function_call_arguments.delta',
      'response.function_call_arguments.done', 'response.output_item.done',
      'response.output_item.added', 'response.function_call_arguments.delta', 'response.function_call_arguments.done', 'response.output_item.done',
      'response.completed',
    ]);
    expect(final.id).toBe('resp_01ABC');
    expect(final.model).toBe('claude-sonnet-4-5');
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call', 'function_call']);
    expect(final.output[0]).toMatchObject({ summary: [{ type: 'summary_text', text: 'Thinking.' }] });
    expect(final.output_text).toBe('Checking both.');
    expect(final.output.slice(2)).toMatchObject([
      { call_id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' },
      { call_id: 'toolu_2', name: 'get_weather', arguments: '{"city":"London"}', status: 'completed' },
    ]);
    expect(final.usage).toEqual({
      input_tokens: 120, input_tokens_details: { cached_tokens: 100 }, output_tokens: 40, output_tokens_details: { reasoning_tokens: 5 }, total_tokens: 160,
    });
  });

  it('a call to a custom tool is a custom_tool_call with the raw input text', async () => {
    const context = contextFor({ tools: [{ type: 'custom', name: 'apply_patch', description: 'Apply a patch' }] });
    const parts: StreamPart[] = [
      ...start,
      { type: 'tool-input-start', id: 'toolu_9', toolName: 'apply_patch' },
      { type: 'tool-input-delta', id: 'toolu_9', delta: '{"input":"*** Begin Patch\\n' },
      { type: 'tool-input-delta', id: 'toolu_9', delta: '*** End Patch"}' },
      { type: 'tool-call', toolCallId: 'toolu_9', toolName: 'apply_patch', input: '{"input":"*** Begin Patch\\n*** End Patch"}' },
      { type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_use' }, usage: USAGE },
    ];
    const sse = render(parts, context);
    expect(sse).toContain('event: response.custom_tool_call_input.done');
    const { final } = await throughSdk(sse);
    expect(final.output).toMatchObject([{ type: 'custom_tool_call', call_id: 'toolu_9', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch' }]);
  });

  it('a continuation on another target goes on in the same output_text part and names the model that finished', async () => {
    const parts: StreamPart[] = [
      ...start,
      { type: 'text-start', id: 't0' },
      { type: 'text-delta', id: 't0', delta: 'Paris is the ' },
      { type: 'stream-start' },
      { type: 'response-metadata', id: 'chatcmpl-2', modelId: 'gpt-5-mini' },
      { type: 'text-start', id: 'c0' },
      { type: 'text-delta', id: 'c0', delta: 'capital.' },
      { type: 'text-end', id: 'c0' },
      { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: USAGE },
    ];
    const { events, final } = await throughSdk(render(parts, contextFor({})));
    expect(events.filter((event) => event.type === 'response.output_item.added')).toHaveLength(1);
    expect(final.output_text).toBe('Paris is the capital.');
    expect(final.id).toBe('resp_01ABC');
    expect(final.model).toBe('gpt-5-mini');
  });

  it('a failure after the start is an error event, then response.failed with the code', async () => {
    const renderer = createResponsesStreamRenderer(contextFor({}));
    let sse = [...start, { type: 'text-delta', id: 't0', delta: 'Par' } as StreamPart].map((part) => renderer.write(part, false)).join('');
    const overloaded = new UpstreamHttpError({ providerMessage: 'Overloaded', status: 529, failureClass: 'overloaded' });
    sse += renderer.write({ type: 'error', error: overloaded }, false);
    expect(renderer.write({ type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: USAGE }, false)).toBe('');
    const frames = sse.trim().split('\n\n').map((frame) => JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as Record<string, unknown>);
    expect(frames.slice(-2)).toMatchObject([
      { type: 'error', code: 'server_error', message: 'Overloaded', param: null },
      { type: 'response.failed', response: { status: 'failed', error: { code: 'server_error', message: 'Overloaded' } } },
    ]);
    // The SDK's stream helper throws on the error event, as it does with the API itself.
    await expect(throughSdk(sse)).rejects.toMatchObject({ type: 'error', code: 'server_error' });
  });

  it('a length stop is response.incomplete with max_output_tokens', async () => {
    const parts: StreamPart[] = [...start, { type: 'text-delta', id: 't0', delta: 'Partial' }, { type: 'finish', finishReason: { unified: 'length', raw: 'max_tokens' }, usage: USAGE }];
    const { events, final } = await throughSdk(render(parts, contextFor({})));
    expect(events.at(-1)?.type).toBe('response.incomplete');
    expect(final.incomplete_details).toEqual({ reason: 'max_output_tokens' });
  });
});
