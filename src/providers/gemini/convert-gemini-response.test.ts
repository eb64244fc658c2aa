import { describe, expect, it } from 'vitest';
import { convertGeminiResponse } from './convert-gemini-response.js';
import { createGeminiStreamConverter } from './convert-gemini-stream.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';

describe('convertGeminiResponse', () => {
  it('reads text, thoughts and function calls (an id minted, the signature kept and reported)', () => {
    const seen: Array<[string, string]> = [];
    const response = convertGeminiResponse(
      {
        candidates: [{ content: { role: 'model', parts: [{ text: 'plan', thought: true }, { text: 'Checking.' }, { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'sig-1' }] }, finishReason: 'STOP' }],
        usageMetadata: { promptTokenCount: 10, cachedContentTokenCount: 4, candidatesTokenCount: 5, thoughtsTokenCount: 3 },
        modelVersion: 'gemini-3-pro-preview',
        responseId: 'resp-1',
      },
      { requestedModel: 'gemini-3-pro-preview', onThoughtSignature: (id, signature) => seen.push([id, signature]) },
    );
    expect(response.content[0]).toEqual({ type: 'reasoning', text: 'plan' });
    expect(response.content[1]).toEqual({ type: 'text', text: 'Checking.' });
    const call = response.content[2]!;
    expect(call).toMatchObject({ type: 'tool-call', toolName: 'get_weather', input: { city: 'Paris' }, providerOptions: { gemini: { thoughtSignature: 'sig-1' } } });
    expect(call.type === 'tool-call' && call.toolCallId).toMatch(/^call_[A-Za-z0-9]{24}$/);
    expect(seen).toEqual([[call.type === 'tool-call' ? call.toolCallId : '', 'sig-1']]);
    expect(response.finishReason).toEqual({ unified: 'tool-calls', raw: 'STOP' });
    expect(response.usage.inputTokens).toEqual({ total: 10, noCache: 6, cacheRead: 4, cacheWrite: undefined });
    expect(response.usage.outputTokens).toEqual({ total: 8, reasoning: 3 });
  });

  it('answers a blocked prompt as an empty content-filter finish, never an error', () => {
    const response = convertGeminiResponse({ promptFeedback: { blockReason: 'PROHIBITED_CONTENT' } }, { requestedModel: 'gemini-2.5-flash' });
    expect(response.content).toEqual([]);
    expect(response.finishReason).toEqual({ unified: 'content-filter', raw: 'PROHIBITED_CONTENT' });
    expect(response.modelId).toBe('gemini-2.5-flash');
  });

  it('maps every documented finishReason', () => {
    const unified = (reason: string) => mapGeminiFinishReason(reason, { hasToolCalls: false }).unified;
    expect(['STOP', 'MAX_TOKENS', 'CONTINUATION'].map(unified)).toEqual(['stop', 'length', 'length']);
    for (const reason of ['SAFETY', 'RECITATION', 'LANGUAGE', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT', 'IMAGE_RECITATION']) expect(unified(reason)).toBe('content-filter');
    for (const reason of ['MALFORMED_FUNCTION_CALL', 'UNEXPECTED_TOOL_CALL', 'TOO_MANY_TOOL_CALLS']) expect(unified(reason)).toBe('error');
    for (const reason of ['OTHER', 'NO_IMAGE', 'IMAGE_OTHER', 'FINISH_REASON_UNSPECIFIED', 'SOMETHING_NEW']) expect(unified(reason)).toBe('other');
  });
});

describe('createGeminiStreamConverter', () => {
  it('turns chunks into runs, a whole function call into one input delta, and finishes when the stream ends', () => {
    const converter = createGeminiStreamConverter({ requestedModel: 'gemini-2.5-flash' });
    const parts = [
      ...converter.push(JSON.stringify({ candidates: [{ content: { parts: [{ text: 'Hel' }] } }], responseId: 'r1', modelVersion: 'gemini-2.5-flash' })),
      ...converter.push(JSON.stringify({ candidates: [{ content: { parts: [{ text: 'lo' }] } }] })),
      ...converter.push(JSON.stringify({ candidates: [{ content: { parts: [{ functionCall: { id: 'fc-1', name: 'f', args: { a: 1 } } }] }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2 } })),
      ...converter.end(),
    ];
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'response-metadata', 'text-start', 'text-delta', 'text-delta', 'text-end', 'tool-input-start', 'tool-input-delta', 'tool-input-end', 'tool-call', 'finish']);
    expect(parts.find((part) => part.type === 'tool-call')).toEqual({ type: 'tool-call', toolCallId: 'fc-1', toolName: 'f', input: '{"a":1}' });
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'tool-calls', raw: 'STOP' } });
  });

  it('fails a stream cut before its finish reason, and one that reports an error', () => {
    const cut = createGeminiStreamConverter({ requestedModel: 'm' });
    cut.push(JSON.stringify({ candidates: [{ content: { parts: [{ text: 'Hel' }] } }] }));
    expect(cut.end().at(-1)).toMatchObject({ type: 'error' });
    const failed = createGeminiStreamConverter({ requestedModel: 'm' });
    const parts = failed.push(JSON.stringify({ error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } }));
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { failureClass: 'overloaded', midStream: true } });
  });
});
