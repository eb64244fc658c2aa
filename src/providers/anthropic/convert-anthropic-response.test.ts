import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anthropicMessageSchema } from './anthropic-api-schemas.js';
import { convertAnthropicResponse } from './convert-anthropic-response.js';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as unknown;
}

describe('convertAnthropicResponse', () => {
  it('converts a text answer with usage', () => {
    const response = convertAnthropicResponse(anthropicMessageSchema.parse(fixture('response-text.json')));
    expect(response).toMatchObject({
      id: 'msg_01Vq7rTGm4Xc9KpLa2BnWs8E',
      modelId: 'claude-sonnet-4-6',
      content: [{ type: 'text', text: 'Lisbon is the capital of Portugal. It sits on the Tagus estuary near the Atlantic coast.' }],
      finishReason: { unified: 'stop', raw: 'end_turn' },
      usage: { inputTokens: { total: 24, noCache: 24, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 23, reasoning: undefined } },
    });
    expect(response.providerMetadata).toBeUndefined();
  });

  it('converts a tool-use answer, totalling input with cache reads', () => {
    const response = convertAnthropicResponse(anthropicMessageSchema.parse(fixture('response-tool-use.json')));
    expect(response.content[1]).toEqual({ type: 'tool-call', toolCallId: 'toolu_01KzP8mWq3VbN6tYc2LdR9sA', toolName: 'get_weather', input: { city: 'Oslo', country: 'NO', units: 'celsius' } });
    expect(response.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_use' });
    expect(response.usage.inputTokens).toEqual({ total: 2302, noCache: 412, cacheRead: 1890, cacheWrite: 0 });
  });

  it('keeps thinking signatures, redacted thinking, unknown blocks and message extras', () => {
    const response = convertAnthropicResponse(
      anthropicMessageSchema.parse({
        id: 'msg_1',
        model: 'claude-x',
        content: [
          { type: 'thinking', thinking: 'hm', signature: 'sig' },
          { type: 'redacted_thinking', data: 'enc' },
          { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
          { type: 'text', text: 'a', citations: [{ type: 'web_search_result_location' }] },
        ],
        stop_reason: 'stop_sequence',
        stop_sequence: 'END',
        container: { id: 'c1' },
        usage: { input_tokens: 1, output_tokens: 2, output_tokens_details: { thinking_tokens: 1 } },
      }),
    );
    expect(response.content).toEqual([
      { type: 'reasoning', text: 'hm', signature: 'sig' },
      { type: 'reasoning', text: '', redactedData: 'enc' },
      { type: 'raw', format: 'anthropic', value: { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] } },
      { type: 'text', text: 'a', providerOptions: { anthropic: { citations: [{ type: 'web_search_result_location' }] } } },
    ]);
    expect(response.finishReason).toEqual({ unified: 'stop', raw: 'stop_sequence' });
    expect(response.providerMetadata).toEqual({ anthropic: { stop_sequence: 'END', container: { id: 'c1' } } });
    expect(response.usage.outputTokens).toEqual({ total: 2, reasoning: 1 });
  });
});
