import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UpstreamResponseError } from '../../errors/index.js';
import { convertOpenAIResponse } from './convert-openai-response.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

describe('convertOpenAIResponse', () => {
  it('converts the text sample with the real model and usage', () => {
    const response = convertOpenAIResponse(fixture('response-text.json'), { requestedModel: 'gpt-4o' });
    expect(response).toMatchObject({
      id: 'chatcmpl-CQz7xN4bKp2LmVt9RwHs3YdAe6Fg',
      modelId: 'gpt-4o-2024-08-06',
      content: [{ type: 'text', text: 'Lisbon is the capital of Portugal.' }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: { total: 19, noCache: 19, cacheRead: 0 }, outputTokens: { total: 9, reasoning: 0 } },
      providerMetadata: { openai: { created: 1763981460, service_tier: 'default', system_fingerprint: 'fp_a7d06e42a7' } },
    });
  });

  it('parses tool call arguments', () => {
    const response = convertOpenAIResponse(fixture('response-tool-calls.json'), { requestedModel: 'gpt-4o' });
    expect(response.content).toEqual([
      { type: 'tool-call', toolCallId: 'call_Vb3nQ8kLm2Xw7RtY1cPz5Jha', toolName: 'get_weather', input: { city: 'Paris', country: 'FR' } },
      { type: 'tool-call', toolCallId: 'call_Hs6dW1pZq9Ke4NfU8yLc2Tvr', toolName: 'get_weather', input: { city: 'London', country: 'GB' } },
    ]);
    expect(response.finishReason.unified).toBe('tool-calls');
  });

  it('turns a refusal into text with a content-filter finish', () => {
    const body = JSON.stringify({ id: 'c', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: 'No.' }, finish_reason: 'stop' }] });
    const response = convertOpenAIResponse(body, { requestedModel: 'm' });
    expect(response.content).toEqual([{ type: 'text', text: 'No.' }]);
    expect(response.finishReason).toEqual({ unified: 'content-filter', raw: 'stop' });
  });

  it('rejects bodies that are not chat completions', () => {
    expect(() => convertOpenAIResponse('<html>', { requestedModel: 'm' })).toThrow(UpstreamResponseError);
    expect(() => convertOpenAIResponse('{"choices":[]}', { requestedModel: 'm' })).toThrow('no choices');
    expect(() => convertOpenAIResponse('{"object":"list"}', { requestedModel: 'm' })).toThrow(UpstreamResponseError);
  });
});
