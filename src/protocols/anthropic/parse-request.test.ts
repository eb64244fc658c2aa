import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InvalidRequestError } from '../../errors/index.js';
import { parseAnthropicRequest } from './parse-request.js';

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

function parseError(body: unknown): InvalidRequestError {
  try {
    parseAnthropicRequest(body);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return error as InvalidRequestError;
  }
  throw new Error('expected parseAnthropicRequest to throw');
}

describe('parseAnthropicRequest', () => {
  it('parses the tool-use sample: system, tools, tool_choice, stream', () => {
    const request = parseAnthropicRequest(fixture('request-tool-use.json'));
    expect(request.model).toBe('claude-sonnet-4-6');
    expect(request.maxOutputTokens).toBe(1024);
    expect(request.stream).toBe(true);
    expect(request.messages).toEqual([
      { role: 'system', content: [{ type: 'text', text: 'You are a concise weather assistant.' }] },
      { role: 'user', content: [{ type: 'text', text: "What's the weather in Oslo right now?" }] },
    ]);
    expect(request.tools).toHaveLength(1);
    expect(request.tools?.[0]).toMatchObject({ type: 'function', name: 'get_weather', description: 'Current weather for a city.' });
    expect(request.tools?.[0]).toHaveProperty('inputSchema.required', ['city']);
    expect(request.toolChoice).toEqual({ type: 'auto' });
    expect(request.parallelToolCalls).toBeUndefined();
    expect(request.providerOptions).toBeUndefined();
  });

  it('turns tool_result blocks into a tool message with is_error and tool names', () => {
    const request = parseAnthropicRequest(fixture('request-tool-result.json'));
    expect(request.stream).toBe(false);
    expect(request.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
    const assistant = request.messages[1];
    expect(assistant?.content[1]).toEqual({
      type: 'tool-call',
      toolCallId: 'toolu_01Rv6Lk2Nf8Qb3Zx7Mp4Wc1T',
      toolName: 'get_weather',
      input: { city: 'Paris', country: 'FR' },
    });
    expect(request.messages[2]).toEqual({
      role: 'tool',
      content: [
        { type: 'tool-result', toolCallId: 'toolu_01Rv6Lk2Nf8Qb3Zx7Mp4Wc1T', toolName: 'get_weather', output: [{ type: 'text', text: '14 C, light rain' }] },
        {
          type: 'tool-result',
          toolCallId: 'toolu_01Cs9Hd5Vg2Kt7Yq3Ne8Bf6R',
          toolName: 'get_weather',
          output: [{ type: 'text', text: 'upstream weather service timed out' }],
          isError: true,
        },
      ],
    });
  });

  it('places the tool message before the user message holding the other blocks', () => {
    const request = parseAnthropicRequest({
      model: 'm',
      max_tokens: 5,
      messages: [
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'ok', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'next?' }] },
      ],
    });
    expect(request.messages).toEqual([
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't1', output: [{ type: 'text', text: 'ok' }], providerOptions: { anthropic: { cache_control: { type: 'ephemeral' } } } }] },
      { role: 'user', content: [{ type: 'text', text: 'next?' }] },
    ]);
  });

  it('parses base64 and url images into file parts', () => {
    const request = parseAnthropicRequest(fixture('request-image.json'));
    const user = request.messages[1];
    expect(user?.role).toBe('user');
    expect(user?.content[0]).toMatchObject({ type: 'file', mediaType: 'image/png', data: { kind: 'base64' } });
    expect(user?.content[1]).toEqual({ type: 'file', mediaType: 'image/*', data: { kind: 'url', url: 'https://example.com/cat.jpg' } });
    expect(user?.content[2]).toEqual({ type: 'text', text: 'What is in these two pictures?' });
  });

  it('parses documents with title and options, and keeps content-source documents raw', () => {
    const contentDocument = { type: 'document', source: { type: 'content', content: [{ type: 'text', text: 'a' }] } };
    const request = parseAnthropicRequest({
      model: 'm',
      max_tokens: 5,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'hello' }, title: 'Notes', context: 'ctx', citations: { enabled: true } },
            { type: 'document', source: { type: 'file', file_id: 'file_1' } },
            contentDocument,
          ],
        },
      ],
    });
    const content = request.messages[0]?.content;
    expect(content?.[0]).toEqual({
      type: 'file',
      mediaType: 'text/plain',
      data: { kind: 'base64', base64: Buffer.from('hello').toString('base64') },
      filename: 'Notes',
      providerOptions: { anthropic: { title: 'Notes', context: 'ctx', citations: { enabled: true } } },
    });
    expect(content?.[1]).toEqual({ type: 'file', mediaType: 'application/octet-stream', data: { kind: 'file-id', fileId: 'file_1' } });
    expect(content?.[2]).toEqual({ type: 'raw', format: 'anthropic', value: contentDocument });
  });

  it('parses thinking, redacted thinking and unknown assistant blocks', () => {
    const serverToolUse = { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'x' } };
    const request = parseAnthropicRequest({
      model: 'm',
      max_tokens: 5,
      messages: [
        { role: 'user', content: 'hi' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hmm', signature: 'sig' },
            { type: 'redacted_thinking', data: 'enc' },
            serverToolUse,
            { type: 'text', text: 'done', citations: [{ type: 'char_location' }] },
          ],
        },
      ],
    });
    expect(request.messages[1]?.content).toEqual([
      { type: 'reasoning', text: 'hmm', signature: 'sig' },
      { type: 'reasoning', text: '', redactedData: 'enc' },
      { type: 'raw', format: 'anthropic', value: serverToolUse },
      { type: 'text', text: 'done', providerOptions: { anthropic: { citations: [{ type: 'char_location' }] } } },
    ]);
  });

  it('parses the Claude Code request: in-conversation system message, cache_control, unknown top-level fields', () => {
    const body = (fixture('claude-code-first-turn.redacted.json') as { body: Record<string, unknown> }).body;
    const request = parseAnthropicRequest(body);
    expect(request.messages.map((message) => message.role)).toEqual(['system', 'user', 'system']);
    // The billing metadata line is dropped; the two instruction blocks stay.
    expect(request.messages[0]?.content).toHaveLength(2);
    expect(JSON.stringify(request.messages[0])).not.toContain('x-anthropic-billing-header');
    expect(request.messages[0]?.content[0]).toMatchObject({ providerOptions: { anthropic: { cache_control: { type: 'ephemeral' } } } });
    expect(request.messages[2]?.content[0]).toMatchObject({ type: 'text', providerOptions: { anthropic: { cache_control: { type: 'ephemeral' } } } });
    expect(request.userId).toContain('device_id');
    expect(request.maxOutputTokens).toBe(128000);
    expect(request.providerOptions?.['anthropic']).toEqual({
      thinking: { type: 'adaptive', display: 'omitted' },
      context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
      output_config: { effort: 'medium' },
    });
    const deferred = request.tools?.find((tool) => tool.type === 'function' && tool.name === 'DeferredToolPlaceholder');
    expect(deferred).toMatchObject({ providerOptions: { anthropic: { defer_loading: true } } });
    expect(request.tools).toHaveLength(12);
  });

  it('maps tool_choice variants and disable_parallel_tool_use', () => {
    const base = { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] };
    expect(parseAnthropicRequest({ ...base, tool_choice: { type: 'any', disable_parallel_tool_use: true } })).toMatchObject({
      toolChoice: { type: 'required' },
      parallelToolCalls: false,
    });
    expect(parseAnthropicRequest({ ...base, tool_choice: { type: 'tool', name: 'f' } }).toolChoice).toEqual({ type: 'tool', toolName: 'f' });
    expect(parseAnthropicRequest({ ...base, tool_choice: { type: 'none' } }).toolChoice).toEqual({ type: 'none' });
    expect(parseAnthropicRequest({ ...base, tool_choice: { type: 'auto', disable_parallel_tool_use: false } }).parallelToolCalls).toBe(true);
  });

  it('keeps server tools as provider tools and sampling fields as canonical fields', () => {
    const webSearch = { type: 'web_search_20250305', name: 'web_search', max_uses: 3 };
    const request = parseAnthropicRequest({
      model: 'm',
      max_tokens: 5,
      messages: [{ role: 'user', content: 'x' }],
      tools: [webSearch, { type: 'custom', name: 'f', input_schema: { type: 'object' }, eager_input_streaming: true }],
      temperature: 0.5,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['END'],
      metadata: { user_id: 'u1' },
      service_tier: 'auto',
    });
    expect(request.tools?.[0]).toEqual({ type: 'provider', format: 'anthropic', value: webSearch });
    expect(request.tools?.[1]).toEqual({
      type: 'function',
      name: 'f',
      inputSchema: { type: 'object' },
      providerOptions: { anthropic: { type: 'custom', eager_input_streaming: true } },
    });
    expect(request).toMatchObject({ temperature: 0.5, topP: 0.9, topK: 40, stopSequences: ['END'], userId: 'u1' });
    expect(request.providerOptions).toEqual({ anthropic: { service_tier: 'auto' } });
  });

  it('rejects invalid requests with API-like messages and params', () => {
    expect(parseError({ model: 'm', max_tokens: 5 }).message).toBe('messages: Field required');
    expect(parseError({ model: 'm', messages: [] }).message).toBe('max_tokens: Field required');
    const missingContent = parseError({ model: 'm', max_tokens: 5, messages: [{ role: 'user' }] });
    expect(missingContent.message).toBe('messages.0.content: Field required');
    expect(missingContent.param).toBe('messages.0.content');
    expect(parseError({ model: 'm', max_tokens: 5, messages: [] }).message).toBe('messages: at least one message is required');
    expect(parseError({ model: 'm', max_tokens: 'x', messages: [] }).message).toBe('max_tokens: Input should be a valid number');
    expect(parseError({ model: 'm', max_tokens: 0, messages: [] }).message).toBe('max_tokens: Input should be greater than or equal to 1');
    expect(parseError({ model: 'm', max_tokens: 5, messages: [{ role: 'bot', content: 'x' }] }).message).toBe(
      "messages.0.role: Input should be 'user' or 'assistant' or 'system'",
    );
    expect(parseError({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'text' }] }] }).message).toBe(
      'messages.0.content.0.text: Field required',
    );
    expect(
      parseError({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }], tool_choice: { type: 'sometimes' } }).message,
    ).toBe("tool_choice.type: Input tag 'sometimes' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'");
    expect(
      parseError({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }], tools: [{ name: 'f' }] }).message,
    ).toBe('tools.0.input_schema: Field required');
    expect(
      parseError({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 3 }] }] }).param,
    ).toBe('messages.0.content.0.content');
  });

  it('throws only InvalidRequestError, whatever JSON value it gets', () => {
    for (const body of [null, [], 'text', 42, true, {}, { messages: null }, { model: 'm', max_tokens: 1, messages: [null] }]) {
      expect(() => parseAnthropicRequest(body)).toThrow(InvalidRequestError);
    }
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          parseAnthropicRequest(value);
        } catch (error) {
          return error instanceof InvalidRequestError;
        }
        return true;
      }),
      { numRuns: 500 },
    );
    const messageLike = fc.record({ role: fc.constantFrom('user', 'assistant', 'system'), content: fc.oneof(fc.string(), fc.array(fc.jsonValue())) });
    fc.assert(
      fc.property(fc.array(messageLike), fc.jsonValue(), (messages, extra) => {
        try {
          parseAnthropicRequest({ model: 'm', max_tokens: 5, messages, tools: extra, tool_choice: extra, system: extra });
        } catch (error) {
          return error instanceof InvalidRequestError;
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });
});
