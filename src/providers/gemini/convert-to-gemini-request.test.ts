import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical/index.js';
import { convertToGeminiRequest, SKIP_THOUGHT_SIGNATURE } from './convert-to-gemini-request.js';

const base: CanonicalRequest = { model: 'gemini-3-pro-preview', stream: false, messages: [] };

describe('convertToGeminiRequest', () => {
  it('puts leading system messages in systemInstruction and later ones in a user turn', () => {
    const body = convertToGeminiRequest({
      ...base,
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'hello' }] },
        { role: 'system', content: [{ type: 'text', text: 'Now in French.' }] },
        { role: 'user', content: [{ type: 'text', text: 'again' }] },
      ],
      maxOutputTokens: 100,
      temperature: 0.2,
      stopSequences: ['a', 'b', 'c', 'd', 'e', 'f'],
    });
    expect(body).toEqual({
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'hi' }] },
        { role: 'model', parts: [{ text: 'hello' }] },
        { role: 'user', parts: [{ text: 'Now in French.' }, { text: 'again' }] },
      ],
      generationConfig: { maxOutputTokens: 100, temperature: 0.2, stopSequences: ['a', 'b', 'c', 'd', 'e'] },
    });
  });

  it('sends tools as functionDeclarations with their JSON Schema, and maps the tool choice', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, additionalProperties: false };
    const body = convertToGeminiRequest({ ...base, messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }], tools: [{ type: 'function', name: 'get_weather', inputSchema: schema }, { type: 'provider', format: 'anthropic', value: { type: 'web_search_20250305' } }], toolChoice: { type: 'tool', toolName: 'get_weather' } });
    expect(body.tools).toEqual([{ functionDeclarations: [{ name: 'get_weather', parametersJsonSchema: schema }] }]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } });
  });

  it('puts back a remembered thought signature, and the skip value on an unsigned current-turn call only', () => {
    const call = (id: string) => ({ type: 'tool-call' as const, toolCallId: id, toolName: 'read', input: { path: id } });
    const result = (id: string) => ({ role: 'tool' as const, content: [{ type: 'tool-result' as const, toolCallId: id, output: [{ type: 'text' as const, text: `${id} done` }] }] });
    const body = convertToGeminiRequest(
      {
        ...base,
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'old question' }] },
          { role: 'assistant', content: [call('old')] },
          result('old'),
          { role: 'user', content: [{ type: 'text', text: 'new question' }] },
          { role: 'assistant', content: [call('known'), call('parallel')] },
          result('known'),
          { role: 'assistant', content: [call('unknown')] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'unknown', output: [{ type: 'text', text: 'boom' }], isError: true }] },
        ],
      },
      { thoughtSignatureOf: (id) => (id === 'known' ? 'sig-known' : undefined) },
    );
    const contents = body.contents as Array<{ role: string; parts: Array<Record<string, unknown>> }>;
    expect(contents[1]!.parts[0]).toEqual({ functionCall: { name: 'read', args: { path: 'old' } } });
    // A tool result and the user text after it are one user turn.
    expect(contents[2]!.parts).toEqual([{ functionResponse: { name: 'read', response: { output: 'old done' } } }, { text: 'new question' }]);
    expect(contents[3]!.parts).toEqual([
      { functionCall: { name: 'read', args: { path: 'known' } }, thoughtSignature: 'sig-known' },
      { functionCall: { name: 'read', args: { path: 'parallel' } } },
    ]);
    expect(contents[4]!.parts).toEqual([{ functionResponse: { name: 'read', response: { output: 'known done' } } }]);
    expect(contents[5]!.parts[0]!.thoughtSignature).toBe(SKIP_THOUGHT_SIGNATURE);
    expect(contents[6]!.parts).toEqual([{ functionResponse: { name: 'read', response: { error: 'boom' } } }]);
  });

  it('drops reasoning, turns Anthropic thinking into thinkingConfig, files into inlineData/fileData', () => {
    const body = convertToGeminiRequest({
      ...base,
      providerOptions: { anthropic: { thinking: { type: 'enabled', budget_tokens: 2048 } } },
      responseFormat: { type: 'json', schema: { type: 'object' } },
      messages: [
        { role: 'user', content: [{ type: 'file', mediaType: 'image/png', data: { kind: 'base64', base64: 'AAAA' } }, { type: 'file', mediaType: 'application/pdf', data: { kind: 'url', url: 'gs://bucket/a.pdf' } }, { type: 'text', text: 'look' }] },
        { role: 'assistant', content: [{ type: 'reasoning', text: 'thinking', signature: 'anthropic-sig' }, { type: 'text', text: 'seen' }] },
        { role: 'user', content: [{ type: 'text', text: 'and?' }] },
      ],
    });
    expect((body.contents as unknown[])[0]).toEqual({ role: 'user', parts: [{ inlineData: { mimeType: 'image/png', data: 'AAAA' } }, { fileData: { mimeType: 'application/pdf', fileUri: 'gs://bucket/a.pdf' } }, { text: 'look' }] });
    expect((body.contents as unknown[])[1]).toEqual({ role: 'model', parts: [{ text: 'seen' }] });
    expect(body.generationConfig).toEqual({ responseMimeType: 'application/json', responseJsonSchema: { type: 'object' }, thinkingConfig: { includeThoughts: true, thinkingBudget: 2048 } });
  });
});
