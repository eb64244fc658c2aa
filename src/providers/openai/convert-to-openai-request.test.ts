import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical/index.js';
import { convertToOpenAIRequest } from './convert-to-openai-request.js';
import { OPENAI_QUIRKS, resolveQuirks } from './openai-quirks.js';

const PNG = 'iVBORw0KGgo=';

/** A canonical request as an Anthropic client (Claude Code) produces it. */
const FROM_ANTHROPIC: CanonicalRequest = {
  model: 'claude-sonnet-4-5',
  stream: true,
  maxOutputTokens: 32_000,
  temperature: 1,
  topK: 40,
  stopSequences: ['a', 'b', 'c', 'd', 'e'],
  userId: JSON.stringify({ device_id: 'x'.repeat(64), session_id: 'abc' }),
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'You are Claude Code.' }, { type: 'text', text: 'Be brief.', providerOptions: { anthropic: { cache_control: { type: 'ephemeral' } } } }] },
    { role: 'user', content: [{ type: 'text', text: 'Read both files.' }, { type: 'file', mediaType: 'application/pdf', data: { kind: 'base64', base64: 'JVBERi0=' }, filename: 'spec.pdf' }] },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Let me think', signature: 'sig' },
        { type: 'text', text: 'Reading.' },
        { type: 'tool-call', toolCallId: 'toolu_A', toolName: 'Read', input: { path: 'a.txt' } },
        { type: 'tool-call', toolCallId: 'toolu_B', toolName: 'Read', input: { path: 'b.png' } },
      ],
    },
    {
      role: 'tool',
      content: [
        { type: 'tool-result', toolCallId: 'toolu_B', toolName: 'Read', output: [{ type: 'file', mediaType: 'image/png', data: { kind: 'base64', base64: PNG } }] },
        { type: 'tool-result', toolCallId: 'toolu_A', toolName: 'Read', output: [{ type: 'text', text: 'no such file' }], isError: true },
      ],
    },
    { role: 'system', content: [{ type: 'text', text: '<env>cwd=/repo</env>' }] },
    { role: 'user', content: [{ type: 'text', text: 'Go on.' }, { type: 'raw', format: 'anthropic', value: { type: 'search_result' } }] },
  ],
  tools: [
    { type: 'function', name: 'Read', description: 'Reads a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } } }, providerOptions: { anthropic: { defer_loading: true } } },
    { type: 'provider', format: 'anthropic', value: { type: 'web_search_20250305', name: 'web_search' } },
  ],
  toolChoice: { type: 'required' },
  parallelToolCalls: false,
  providerOptions: { anthropic: { thinking: { type: 'adaptive' } } },
};

describe('convertToOpenAIRequest', () => {
  it('translates an Anthropic-style conversation for OpenAI', () => {
    const body = convertToOpenAIRequest(FROM_ANTHROPIC, { model: 'gpt-4o', quirks: OPENAI_QUIRKS, stream: true });
    expect(body.messages).toEqual([
      { role: 'system', content: [{ type: 'text', text: 'You are Claude Code.' }, { type: 'text', text: 'Be brief.' }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Read both files.' },
          { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'spec.pdf' } },
        ],
      },
      {
        role: 'assistant',
        content: 'Reading.',
        tool_calls: [
          { id: 'toolu_A', type: 'function', function: { name: 'Read', arguments: '{"path":"a.txt"}' } },
          { id: 'toolu_B', type: 'function', function: { name: 'Read', arguments: '{"path":"b.png"}' } },
        ],
      },
      // In the order of the calls, whatever order the results came in.
      { role: 'tool', tool_call_id: 'toolu_A', content: 'error: no such file' },
      { role: 'tool', tool_call_id: 'toolu_B', content: '' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Attachments of tool result toolu_B:' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
        ],
      },
      { role: 'system', content: '<env>cwd=/repo</env>' },
      { role: 'user', content: 'Go on.' },
    ]);
    expect(body.tools).toEqual([
      { type: 'function', function: { name: 'Read', description: 'Reads a file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } },
    ]);
    expect(body).toMatchObject({
      model: 'gpt-4o',
      tool_choice: 'required',
      parallel_tool_calls: false,
      max_completion_tokens: 32_000,
      temperature: 1,
      stop: ['a', 'b', 'c', 'd'],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(body.user).toMatch(/^[0-9a-f]{64}$/);
    expect(body).not.toHaveProperty('top_k');
    expect(body).not.toHaveProperty('thinking');
    expect(body).not.toHaveProperty('max_tokens');
  });

  it('follows compatible-server quirks', () => {
    const quirks = resolveQuirks({ maxTokensField: 'max_tokens', supportsFileParts: false, supportsTopK: true, flattenTextContent: true, streamUsage: false, maxStopSequences: Number.POSITIVE_INFINITY, supportsParallelToolCalls: false });
    const body = convertToOpenAIRequest(FROM_ANTHROPIC, { model: 'qwen', quirks, stream: true });
    const messages = body.messages as Array<{ role: string; content: unknown }>;
    expect(messages[0]).toEqual({ role: 'system', content: 'You are Claude Code.\n\nBe brief.' });
    expect(messages[1]!.content).toBe('Read both files.\n\n[file "spec.pdf" (application/pdf) omitted: this provider cannot receive it]');
    expect(body).toMatchObject({ max_tokens: 32_000, top_k: 40, stop: ['a', 'b', 'c', 'd', 'e'], stream: true });
    expect(body).not.toHaveProperty('stream_options');
    expect(body).not.toHaveProperty('parallel_tool_calls');
  });

  it('maps developer messages, tool choice, response format and OpenAI options', () => {
    const request: CanonicalRequest = {
      model: 'gpt-4o',
      stream: false,
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'rules' }], providerOptions: { openai: { role: 'developer' } } },
        { role: 'user', content: [{ type: 'file', mediaType: 'image/jpeg', data: { kind: 'url', url: 'https://x/y.jpg' }, providerOptions: { openai: { detail: 'low' } } }] },
      ],
      tools: [{ type: 'function', name: 'f', inputSchema: { type: 'object' }, strict: true }],
      toolChoice: { type: 'tool', toolName: 'f' },
      responseFormat: { type: 'json', schema: { type: 'object' }, name: 'out', strict: true },
      providerOptions: { openai: { n: 1, logprobs: true, stream_options: { include_usage: true } } },
    };
    const body = convertToOpenAIRequest(request, { model: 'gpt-4o-mini', quirks: OPENAI_QUIRKS, stream: false });
    expect(body.messages).toEqual([
      { role: 'developer', content: 'rules' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.jpg', detail: 'low' } }] },
    ]);
    expect(body).toMatchObject({
      model: 'gpt-4o-mini',
      tool_choice: { type: 'function', function: { name: 'f' } },
      response_format: { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: true } },
      n: 1,
      logprobs: true,
    });
    expect(body).not.toHaveProperty('stream');
    expect(body).not.toHaveProperty('stream_options');
    const compatible = convertToOpenAIRequest(request, { model: 'x', quirks: resolveQuirks({ developerRole: false, supportsResponseFormatJsonSchema: false }), stream: false });
    expect((compatible.messages as Array<{ role: string }>)[0]!.role).toBe('system');
    expect(compatible.response_format).toEqual({ type: 'json_object' });
  });

  it('inlines base64 text documents and notes URL documents', () => {
    const request: CanonicalRequest = {
      model: 'm',
      stream: false,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'file', mediaType: 'text/plain', data: { kind: 'base64', base64: Buffer.from('hello').toString('base64') }, filename: 'notes.txt' },
            { type: 'file', mediaType: 'application/pdf', data: { kind: 'url', url: 'https://x/doc.pdf' } },
          ],
        },
      ],
    };
    const body = convertToOpenAIRequest(request, { model: 'm', quirks: OPENAI_QUIRKS, stream: false });
    expect((body.messages as Array<{ content: unknown }>)[0]!.content).toEqual([
      { type: 'text', text: 'notes.txt:\nhello' },
      { type: 'text', text: '[file application/pdf omitted: this provider cannot receive it]' },
    ]);
  });
});

describe('output caps', () => {
  it('caps max tokens by model glob so a 128k request does not 400 on a smaller model', () => {
    const quirks = resolveQuirks({ maxOutputTokens: { 'gpt-4o*': 16384 } });
    const request = { model: 'claude-x', stream: false, maxOutputTokens: 128000, messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }] };
    expect(convertToOpenAIRequest(request, { model: 'gpt-4o-mini', quirks, stream: false }).max_completion_tokens).toBe(16384);
    expect(convertToOpenAIRequest(request, { model: 'gpt-5', quirks, stream: false }).max_completion_tokens).toBe(128000);
    expect(convertToOpenAIRequest({ ...request, maxOutputTokens: 100 }, { model: 'gpt-4o', quirks, stream: false }).max_completion_tokens).toBe(100);
  });
});
