import { describe, expect, it } from 'vitest';
import { InvalidRequestError, UnsupportedFeatureError } from '../../errors/index.js';
import { parseResponsesRequest } from './parse-request.js';

describe('parseResponsesRequest', () => {
  it('puts instructions first and groups a Codex-style history into alternating turns with paired call ids', () => {
    const request = parseResponsesRequest({
      model: 'gpt-5-codex',
      instructions: 'You are Codex.',
      input: [
        { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'sandbox: none' }] },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'list files' }] },
        { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAAA' },
        { type: 'function_call', call_id: 'call_a', name: 'shell', arguments: '{"command":["ls"]}' },
        { type: 'function_call', call_id: 'call_b', name: 'shell', arguments: '{"command":["pwd"]}' },
        { type: 'function_call_output', call_id: 'call_a', output: 'README.md' },
        { type: 'function_call_output', call_id: 'call_b', output: '/tmp' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Done.' }] },
        { type: 'custom_tool_call', call_id: 'call_c', name: 'apply_patch', input: '*** Begin Patch' },
        { type: 'custom_tool_call_output', call_id: 'call_c', output: 'ok' },
      ],
    });
    expect(request.messages.map((message) => message.role)).toEqual(['system', 'system', 'user', 'assistant', 'tool', 'assistant', 'tool']);
    expect(request.messages[1]).toMatchObject({ providerOptions: { openai: { role: 'developer' } } });
    expect(request.messages[3]!.content).toEqual([
      { type: 'raw', format: 'openai-responses', value: { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAAA' } },
      { type: 'tool-call', toolCallId: 'call_a', toolName: 'shell', input: { command: ['ls'] } },
      { type: 'tool-call', toolCallId: 'call_b', toolName: 'shell', input: { command: ['pwd'] } },
    ]);
    expect(request.messages[4]!.content).toEqual([
      { type: 'tool-result', toolCallId: 'call_a', toolName: 'shell', output: [{ type: 'text', text: 'README.md' }] },
      { type: 'tool-result', toolCallId: 'call_b', toolName: 'shell', output: [{ type: 'text', text: '/tmp' }] },
    ]);
    expect(request.messages[5]!.content).toEqual([
      { type: 'text', text: 'Done.' },
      { type: 'tool-call', toolCallId: 'call_c', toolName: 'apply_patch', input: { input: '*** Begin Patch' } },
    ]);
  });

  it('maps tools, tool_choice, text.format, reasoning and limits; keeps hosted tools for a Responses target only', () => {
    const request = parseResponsesRequest({
      model: 'gpt-5',
      input: 'hi',
      tools: [
        { type: 'function', name: 'shell', parameters: { type: 'object', properties: {} }, strict: false },
        { type: 'custom', name: 'apply_patch', description: 'Patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' } },
        { type: 'web_search' },
      ],
      tool_choice: { type: 'function', name: 'shell' },
      parallel_tool_calls: false,
      text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true }, verbosity: 'low' },
      reasoning: { effort: 'high', summary: 'auto' },
      max_output_tokens: 500,
      temperature: 0.2,
      safety_identifier: 'user-1',
      prompt_cache_key: 'k1',
      store: false,
    });
    expect(request.tools).toEqual([
      { type: 'function', name: 'shell', inputSchema: { type: 'object', properties: {} }, strict: false },
      expect.objectContaining({ type: 'function', name: 'apply_patch', providerOptions: { 'openai-responses': expect.objectContaining({ custom: true }) } }),
      { type: 'provider', format: 'openai-responses', value: { type: 'web_search' } },
    ]);
    expect(request.toolChoice).toEqual({ type: 'tool', toolName: 'shell' });
    expect(request.parallelToolCalls).toBe(false);
    expect(request.responseFormat).toEqual({ type: 'json', name: 'out', schema: { type: 'object' }, strict: true });
    expect(request).toMatchObject({ maxOutputTokens: 500, temperature: 0.2, userId: 'user-1', stream: false });
    expect(request.providerOptions?.openai).toEqual({ reasoning_effort: 'high', verbosity: 'low', prompt_cache_key: 'k1' });
    expect(request.providerOptions?.['openai-responses']).toMatchObject({ store: false, reasoning: { effort: 'high', summary: 'auto' } });
  });

  it('rejects what it cannot honour with the param named', () => {
    const attempt = (body: Record<string, unknown>) => () => parseResponsesRequest({ model: 'gpt-5', input: 'hi', ...body });
    expect(attempt({ background: true })).toThrow(UnsupportedFeatureError);
    expect(attempt({ conversation: 'conv_1' })).toThrow(UnsupportedFeatureError);
    expect(attempt({ input: [{ type: 'item_reference', id: 'msg_1' }] })).toThrow(UnsupportedFeatureError);
    expect(attempt({ input: undefined })).toThrow(expect.objectContaining({ param: 'input' }));
    expect(attempt({ input: [{ role: 'robot', content: 'x' }] })).toThrow(expect.objectContaining({ param: 'input[0].role' }));
    expect(attempt({ text: { format: { type: 'json_schema', schema: {} } } })).toThrow(expect.objectContaining({ param: 'text.format.name' }));
    expect(attempt({ tool_choice: 'sometimes' })).toThrow(InvalidRequestError);
    expect(() => parseResponsesRequest([])).toThrow(InvalidRequestError);
  });
});
