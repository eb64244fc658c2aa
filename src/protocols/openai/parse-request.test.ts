import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../errors/index.js';
import { parseOpenAIRequest } from './parse-request.js';

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

function parseError(body: unknown): InvalidRequestError {
  try {
    parseOpenAIRequest(body);
  } catch (error) {
    if (error instanceof InvalidRequestError) return error;
    throw error;
  }
  throw new Error('expected an InvalidRequestError');
}

describe('parseOpenAIRequest', () => {
  it('parses the image sample: developer message, data URL and http URL with detail', () => {
    const request = parseOpenAIRequest(fixture('request-image.json'));
    expect(request.model).toBe('gpt-4o');
    expect(request.stream).toBe(false);
    expect(request.messages[0]).toEqual({
      role: 'system',
      content: [{ type: 'text', text: 'Describe images in one sentence.' }],
      providerOptions: { openai: { role: 'developer' } },
    });
    expect(request.messages[1]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'What is in these two pictures?' },
        {
          type: 'file',
          mediaType: 'image/png',
          data: { kind: 'base64', base64: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==' },
        },
        { type: 'file', mediaType: 'image/jpeg', data: { kind: 'url', url: 'https://example.com/cat.jpg' }, providerOptions: { openai: { detail: 'low' } } },
      ],
    });
  });

  it('parses the tool-result sample into one tool message with tool names looked up', () => {
    const request = parseOpenAIRequest(fixture('request-tool-result.json'));
    expect(request.messages).toHaveLength(3);
    expect(request.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'tool-call', toolCallId: 'call_Vb3nQ8kLm2Xw7RtY1cPz5Jha', toolName: 'get_weather', input: { city: 'Paris', country: 'FR' } },
        { type: 'tool-call', toolCallId: 'call_Hs6dW1pZq9Ke4NfU8yLc2Tvr', toolName: 'get_weather', input: { city: 'London', country: 'GB' } },
      ],
    });
    expect(request.messages[2]).toEqual({
      role: 'tool',
      content: [
        { type: 'tool-result', toolCallId: 'call_Vb3nQ8kLm2Xw7RtY1cPz5Jha', toolName: 'get_weather', output: [{ type: 'text', text: '14 C, light rain' }] },
        {
          type: 'tool-result',
          toolCallId: 'call_Hs6dW1pZq9Ke4NfU8yLc2Tvr',
          toolName: 'get_weather',
          output: [{ type: 'text', text: 'error: upstream weather service timed out' }],
        },
      ],
    });
  });

  it('parses the streaming tools sample: tools, tool_choice, parallel_tool_calls and stream_options', () => {
    const request = parseOpenAIRequest(fixture('request-stream-tools.json'));
    expect(request.stream).toBe(true);
    expect(request.tools).toEqual([
      {
        type: 'function',
        name: 'get_weather',
        description: 'Current weather for a city.',
        inputSchema: { type: 'object', properties: { city: { type: 'string' }, country: { type: 'string' } }, required: ['city'] },
      },
    ]);
    expect(request.toolChoice).toEqual({ type: 'auto' });
    expect(request.parallelToolCalls).toBe(true);
    expect(request.providerOptions).toEqual({ openai: { stream_options: { include_usage: true } } });
    expect(request.messages[0]).toEqual({ role: 'system', content: [{ type: 'text', text: 'You are a concise weather assistant.' }] });
  });

  it('maps sampling fields and keeps unknown fields verbatim in providerOptions.openai', () => {
    const request = parseOpenAIRequest({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 50,
      max_completion_tokens: 100,
      stop: 'END',
      seed: 7,
      temperature: 0.5,
      top_p: 0.9,
      user: 'user-1',
      n: 2,
      logprobs: true,
      reasoning_effort: 'low',
      tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'auto', tools: [] } },
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
    });
    expect(request).toMatchObject({ maxOutputTokens: 100, stopSequences: ['END'], seed: 7, temperature: 0.5, topP: 0.9, userId: 'user-1' });
    expect(request.toolChoice).toBeUndefined();
    expect(request.responseFormat).toEqual({ type: 'json', name: 'answer', schema: { type: 'object' }, strict: true });
    expect(request.providerOptions?.openai).toEqual({
      n: 2,
      logprobs: true,
      reasoning_effort: 'low',
      tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'auto', tools: [] } },
    });
  });

  it('maps tool_choice forms and keeps non-function tools as provider tools', () => {
    const base = { model: 'm', messages: [{ role: 'user', content: 'x' }] };
    expect(parseOpenAIRequest({ ...base, tool_choice: 'required' }).toolChoice).toEqual({ type: 'required' });
    expect(parseOpenAIRequest({ ...base, tool_choice: 'none' }).toolChoice).toEqual({ type: 'none' });
    expect(parseOpenAIRequest({ ...base, tool_choice: { type: 'function', function: { name: 'f' } } }).toolChoice).toEqual({ type: 'tool', toolName: 'f' });
    const custom = { type: 'custom', custom: { name: 'grammar' } };
    expect(parseOpenAIRequest({ ...base, tools: [custom] }).tools).toEqual([{ type: 'provider', format: 'openai', value: custom }]);
    expect(parseOpenAIRequest({ ...base, response_format: { type: 'json_object' } }).responseFormat).toEqual({ type: 'json' });
  });

  it('keeps assistant text, refusal and non-JSON arguments', () => {
    const request = parseOpenAIRequest({
      model: 'm',
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', content: [{ type: 'text', text: 'a' }], refusal: 'no', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: 'not json' } }] },
      ],
    });
    expect(request.messages[1]!.content).toEqual([
      { type: 'text', text: 'a' },
      { type: 'text', text: 'no' },
      { type: 'tool-call', toolCallId: 'c1', toolName: 'f', input: 'not json' },
    ]);
  });

  it('keeps audio and file-id parts as raw openai parts and file_data as a file', () => {
    const audio = { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } };
    const fileById = { type: 'file', file: { file_id: 'file-1' } };
    const request = parseOpenAIRequest({
      model: 'm',
      messages: [{ role: 'user', content: [audio, fileById, { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBE', filename: 'a.pdf' } }] }],
    });
    expect(request.messages[0]!.content).toEqual([
      { type: 'raw', format: 'openai', value: audio },
      { type: 'raw', format: 'openai', value: fileById },
      { type: 'file', mediaType: 'application/pdf', data: { kind: 'base64', base64: 'JVBE' }, filename: 'a.pdf' },
    ]);
  });

  it('rejects invalid requests in OpenAI wording with a param', () => {
    expect(parseError({ messages: [{ role: 'user', content: 'x' }] })).toMatchObject({ message: "Missing required parameter: 'model'.", param: 'model' });
    expect(parseError({ model: 'm', messages: [] })).toMatchObject({
      message: "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      param: 'messages',
    });
    expect(parseError({ model: 'm', messages: [{ role: 'wizard', content: 'x' }] })).toMatchObject({
      message: "Invalid value: 'wizard'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.",
      param: 'messages[0].role',
    });
    expect(parseError({ model: 'm', messages: [{ role: 'user', content: 5 }] })).toMatchObject({
      message: "Invalid type for 'messages[0].content': expected one of a string or array of objects, but got an integer instead.",
      param: 'messages[0].content',
    });
    expect(parseError({ model: 'm', messages: [{ role: 'user', content: [{ type: 'video' }] }] }).param).toBe('messages[0].content[0].type');
    expect(parseError({ model: 'm', messages: [{ role: 'function', name: 'f', content: 'x' }] }).param).toBe('messages[0].role');
    expect(parseError({ model: 'm', messages: [{ role: 'tool', content: 'x' }] })).toMatchObject({ param: 'messages[0].tool_call_id' });
    expect(parseError({ model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: 'hot' }).param).toBe('temperature');
    expect(parseError({ model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x' } }] }] }).param).toBe(
      'messages[0].content[0].image_url.url',
    );
    expect(parseError([1, 2]).message).toContain('expected a JSON object');
    expect(parseError(null).statusCode).toBe(400);
  });

  it('never throws anything but InvalidRequestError, whatever JSON it gets', () => {
    const message = fc.oneof(
      fc.anything(),
      fc.record({ role: fc.constantFrom('user', 'assistant', 'system', 'developer', 'tool', 'function', 'x'), content: fc.anything() }),
      fc.record({ role: fc.constant('assistant'), tool_calls: fc.anything() }),
    );
    const body = fc.oneof(fc.anything(), fc.record({ model: fc.oneof(fc.string(), fc.anything()), messages: fc.array(message) }, { requiredKeys: [] }));
    fc.assert(
      fc.property(body, (value) => {
        try {
          parseOpenAIRequest(value);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidRequestError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
