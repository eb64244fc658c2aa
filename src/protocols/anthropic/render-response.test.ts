import { describe, expect, it } from 'vitest';
import type { CanonicalRequest, CanonicalResponse } from '../../canonical/index.js';
import { renderAnthropicResponse } from './render-response.js';

const request: CanonicalRequest = { model: 'claude-x', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: false };
const context = { requestedModel: 'claude-x', request };

function response(overrides: Partial<CanonicalResponse>): CanonicalResponse {
  return {
    id: 'chatcmpl-123',
    modelId: 'gpt-real',
    content: [{ type: 'text', text: 'hello' }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: {
      inputTokens: { total: 100, noCache: undefined, cacheRead: 30, cacheWrite: 10 },
      outputTokens: { total: 7, reasoning: undefined },
    },
    ...overrides,
  };
}

describe('renderAnthropicResponse', () => {
  it('renders a Message with the answering model, a msg_ id and Anthropic usage', () => {
    expect(renderAnthropicResponse(response({}), context)).toEqual({
      id: 'msg_chatcmpl-123',
      type: 'message',
      role: 'assistant',
      model: 'gpt-real',
      content: [{ type: 'text', text: 'hello' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 60, cache_creation_input_tokens: 10, cache_read_input_tokens: 30, output_tokens: 7 },
    });
  });

  it('keeps a msg_ id and prefers noCache for input_tokens', () => {
    const rendered = renderAnthropicResponse(
      response({ id: 'msg_abc', usage: { inputTokens: { total: 50, noCache: 12, cacheRead: 38, cacheWrite: 0 }, outputTokens: { total: 1, reasoning: undefined } } }),
      context,
    );
    expect(rendered['id']).toBe('msg_abc');
    expect(rendered['usage']).toMatchObject({ input_tokens: 12, cache_read_input_tokens: 38 });
  });

  it('decides tool_use from the presence of tool calls, and renders thinking, tool_use and raw blocks', () => {
    const rendered = renderAnthropicResponse(
      response({
        content: [
          { type: 'reasoning', text: 'think', signature: 'sig' },
          { type: 'reasoning', text: '', redactedData: 'enc' },
          { type: 'tool-call', toolCallId: 'call_1', toolName: 'f', input: '{"a":1}' },
          { type: 'tool-call', toolCallId: 'call_2', toolName: 'g', input: 'not json' },
          { type: 'raw', format: 'anthropic', value: { type: 'server_tool_use', id: 's' } },
          { type: 'raw', format: 'openai', value: { refusal: 'x' } },
        ],
        finishReason: { unified: 'stop', raw: 'stop' },
      }),
      context,
    );
    expect(rendered['stop_reason']).toBe('tool_use');
    expect(rendered['content']).toEqual([
      { type: 'thinking', thinking: 'think', signature: 'sig' },
      { type: 'redacted_thinking', data: 'enc' },
      { type: 'tool_use', id: 'call_1', name: 'f', input: { a: 1 } },
      { type: 'tool_use', id: 'call_2', name: 'g', input: {} },
      { type: 'server_tool_use', id: 's' },
    ]);
  });

  it('maps finish reasons and keeps Anthropic stop reasons and stop_sequence', () => {
    const render = (finishReason: CanonicalResponse['finishReason'], extra: Partial<CanonicalResponse> = {}) =>
      renderAnthropicResponse(response({ finishReason, ...extra }), context);
    expect(render({ unified: 'length', raw: 'length' })['stop_reason']).toBe('max_tokens');
    expect(render({ unified: 'content-filter', raw: 'content_filter' })['stop_reason']).toBe('refusal');
    expect(render({ unified: 'pause', raw: undefined })['stop_reason']).toBe('pause_turn');
    expect(render({ unified: 'length', raw: 'model_context_window_exceeded' })['stop_reason']).toBe('model_context_window_exceeded');
    const withSequence = render({ unified: 'stop', raw: 'stop_sequence' }, { providerMetadata: { anthropic: { stop_sequence: 'END', container: { id: 'c' } } } });
    expect(withSequence).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'END', container: { id: 'c' } });
  });
});
