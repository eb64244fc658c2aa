import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CanonicalResponse } from '../../canonical/index.js';
import { convertOpenAIResponse } from '../../providers/openai/convert-openai-response.js';
import type { RenderContext } from '../inbound-protocol.js';
import { renderOpenAIResponse } from './render-response.js';

function fixtureText(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

const CONTEXT: RenderContext = { requestedModel: 'gpt-4o', request: { model: 'gpt-4o', messages: [], stream: false } };

describe('renderOpenAIResponse', () => {
  it.each(['response-text.json', 'response-tool-calls.json'])('renders %s back to the same completion', (name) => {
    // Arguments are re-serialised from the parsed input, so whitespace in the sample's JSON text goes.
    const sample = JSON.parse(fixtureText(name).replace(/"arguments": "(.*?)"\n/g, (_all, text: string) => `"arguments": ${JSON.stringify(JSON.stringify(JSON.parse(JSON.parse(`"${text}"`) as string)))}\n`)) as Record<string, unknown>;
    const rendered = renderOpenAIResponse(convertOpenAIResponse(fixtureText(name), { requestedModel: 'gpt-4o' }), CONTEXT);
    const { usage: sampleUsage, ...sampleRest } = sample as { usage: Record<string, unknown> };
    const { usage, ...rest } = rendered as { usage: Record<string, unknown> };
    expect(rest).toEqual(sampleRest);
    expect(usage).toEqual({
      prompt_tokens: sampleUsage.prompt_tokens,
      completion_tokens: sampleUsage.completion_tokens,
      total_tokens: sampleUsage.total_tokens,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
  });

  it('renders an Anthropic answer: derived id, real model, reasoning dropped, cache in prompt_tokens', () => {
    const response: CanonicalResponse = {
      id: 'msg_01XYZ',
      modelId: 'claude-sonnet-4-5-20250929',
      content: [
        { type: 'reasoning', text: 'hmm', signature: 'sig' },
        { type: 'text', text: 'Calling.' },
        { type: 'tool-call', toolCallId: 'toolu_9', toolName: 'lookup', input: { q: 'x' } },
      ],
      finishReason: { unified: 'tool-calls', raw: 'tool_use' },
      usage: { inputTokens: { total: undefined, noCache: 10, cacheRead: 200, cacheWrite: 50 }, outputTokens: { total: 30, reasoning: undefined } },
    };
    const rendered = renderOpenAIResponse(response, CONTEXT) as Record<string, unknown>;
    expect(rendered).toMatchObject({
      id: 'chatcmpl-01XYZ',
      object: 'chat.completion',
      model: 'claude-sonnet-4-5-20250929',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Calling.',
            refusal: null,
            annotations: [],
            tool_calls: [{ id: 'toolu_9', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }],
          },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 260, completion_tokens: 30, total_tokens: 290, prompt_tokens_details: { cached_tokens: 200 } },
      service_tier: null,
      system_fingerprint: null,
    });
    expect(typeof rendered.created).toBe('number');
  });

  it('renders a content-filter answer with text as a refusal', () => {
    const response: CanonicalResponse = {
      id: 'chatcmpl-1',
      modelId: 'm',
      content: [{ type: 'text', text: 'I cannot help with that.' }],
      finishReason: { unified: 'content-filter', raw: 'refusal' },
      usage: { inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 2, reasoning: undefined } },
    };
    const rendered = renderOpenAIResponse(response, CONTEXT) as { choices: Array<{ message: Record<string, unknown>; finish_reason: string }> };
    expect(rendered.choices[0]!.message).toMatchObject({ content: null, refusal: 'I cannot help with that.' });
    expect(rendered.choices[0]!.finish_reason).toBe('content_filter');
    expect(rendered.choices[0]!.message).not.toHaveProperty('tool_calls');
  });

  it('renders content null when there is no text, and string arguments as they are', () => {
    const response: CanonicalResponse = {
      id: 'x',
      modelId: 'm',
      content: [{ type: 'tool-call', toolCallId: 'c', toolName: 'f', input: '{broken' }],
      finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
      usage: { inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 2, reasoning: undefined } },
    };
    const rendered = renderOpenAIResponse(response, CONTEXT) as { choices: Array<{ message: { content: unknown; tool_calls: Array<{ function: { arguments: string } }> } }> };
    expect(rendered.choices[0]!.message.content).toBeNull();
    expect(rendered.choices[0]!.message.tool_calls[0]!.function.arguments).toBe('{broken');
  });
});
