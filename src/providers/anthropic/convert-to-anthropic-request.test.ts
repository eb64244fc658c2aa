import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical/index.js';
import { convertToAnthropicRequest } from './convert-to-anthropic-request.js';

const options = { model: 'claude-routed', defaultMaxTokens: 4096, anthropicVersion: '2023-06-01' };

function convert(request: Partial<CanonicalRequest>, overrides: Partial<typeof options> = {}): Record<string, unknown> {
  return convertToAnthropicRequest({ model: 'gpt-asked', messages: [], stream: false, ...request }, { ...options, ...overrides });
}

describe('convertToAnthropicRequest', () => {
  it('hoists every system message into system, merges roles and puts tool results first', () => {
    const body = convert({
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
        { role: 'system', content: [{ type: 'text', text: 'Use Celsius.' }] },
        { role: 'user', content: [{ type: 'text', text: 'In Oslo.' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'unsigned thoughts' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: '{"city":"Oslo"}' },
          ],
        },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', output: [{ type: 'text', text: 'boom' }], isError: true }] },
        { role: 'user', content: [{ type: 'text', text: 'Well?' }] },
      ],
    });
    expect(body).toEqual({
      model: 'claude-routed',
      max_tokens: 4096,
      system: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Use Celsius.' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }, { type: 'text', text: 'In Oslo.' }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Oslo' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_1', content: 'boom', is_error: true },
            { type: 'text', text: 'Well?' },
          ],
        },
      ],
    });
  });

  it('keeps signed and redacted thinking, Anthropic raw parts, and drops raw parts of other formats', () => {
    const body = convert({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }, { type: 'raw', format: 'openai', value: { type: 'input_audio' } }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 't', signature: 'sig' },
            { type: 'reasoning', text: '', redactedData: 'enc' },
            { type: 'raw', format: 'anthropic', value: { type: 'server_tool_use', id: 's', name: 'web_search', input: {} } },
          ],
        },
      ],
    });
    expect(body['messages']).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'q' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 't', signature: 'sig' },
          { type: 'redacted_thinking', data: 'enc' },
          { type: 'server_tool_use', id: 's', name: 'web_search', input: {} },
        ],
      },
    ]);
  });

  it('converts files: data URLs to base64, URLs, file ids, PDFs and text documents', () => {
    const body = convert({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'file', mediaType: 'image/png', data: { kind: 'url', url: 'data:image/jpeg;base64,AAAA' } },
            { type: 'file', mediaType: 'image/*', data: { kind: 'url', url: 'https://example.com/a.png' } },
            { type: 'file', mediaType: 'application/pdf', data: { kind: 'base64', base64: 'JVBE' }, filename: 'report.pdf' },
            { type: 'file', mediaType: 'text/plain', data: { kind: 'base64', base64: Buffer.from('hello').toString('base64') } },
            { type: 'file', mediaType: 'application/octet-stream', data: { kind: 'file-id', fileId: 'file_1' } },
            { type: 'file', mediaType: 'audio/wav', data: { kind: 'base64', base64: 'UklG' } },
          ],
        },
      ],
    });
    expect(body['messages']).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'AAAA' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBE' }, title: 'report.pdf' },
          { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'hello' } },
          { type: 'document', source: { type: 'file', file_id: 'file_1' } },
        ],
      },
    ]);
  });

  it('maps tools, tool choice, parallel calls, sampling, stop and user; drops responseFormat and seed', () => {
    const body = convert({
      messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
      maxOutputTokens: 99,
      temperature: 0.2,
      topP: 0.8,
      topK: 5,
      seed: 7,
      stopSequences: ['END'],
      userId: 'u1',
      stream: true,
      responseFormat: { type: 'json' },
      tools: [
        { type: 'function', name: 'f', description: 'd', inputSchema: { type: 'object' }, strict: true, providerOptions: { anthropic: { cache_control: { type: 'ephemeral' } } } },
        { type: 'provider', format: 'anthropic', value: { type: 'web_search_20250305', name: 'web_search' } },
        { type: 'provider', format: 'openai', value: { type: 'custom', name: 'c' } },
      ],
      toolChoice: { type: 'required' },
      parallelToolCalls: false,
      providerOptions: { anthropic: { thinking: { type: 'enabled', budget_tokens: 1024 } }, openai: { logprobs: true } },
    });
    expect(body).toEqual({
      model: 'claude-routed',
      max_tokens: 99,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
      tools: [
        { name: 'f', description: 'd', input_schema: { type: 'object' }, strict: true, cache_control: { type: 'ephemeral' } },
        { type: 'web_search_20250305', name: 'web_search' },
      ],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      stop_sequences: ['END'],
      temperature: 0.2,
      top_p: 0.8,
      top_k: 5,
      metadata: { user_id: 'u1' },
      stream: true,
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
  });

  it('drops tool_choice without tools and sampling parameters on 2026-10-21', () => {
    const body = convert(
      { messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }], toolChoice: { type: 'auto' }, temperature: 1 },
      { anthropicVersion: '2026-10-21' },
    );
    expect(body).not.toHaveProperty('tool_choice');
    expect(body).not.toHaveProperty('temperature');
    const named = convert({
      messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
      tools: [{ type: 'function', name: 'f', inputSchema: { type: 'object' } }],
      toolChoice: { type: 'tool', toolName: 'f' },
    });
    expect(named['tool_choice']).toEqual({ type: 'tool', name: 'f' });
    const none = convert({
      messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
      tools: [{ type: 'function', name: 'f', inputSchema: { type: 'object' } }],
      parallelToolCalls: false,
    });
    expect(none['tool_choice']).toEqual({ type: 'auto', disable_parallel_tool_use: true });
  });
});
