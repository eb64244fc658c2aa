import { describe, expect, it } from 'vitest';
import { emptyUsage, type CanonicalRequest, type CanonicalResponse } from '../canonical/index.js';
import { configuredAnswer } from './configured-answer.js';
import { requestFingerprint } from './request-fingerprint.js';
import { ResponseCollector, responseToParts } from './response-parts.js';
import { StaleAnswerCache } from './stale-answer-cache.js';

const request: CanonicalRequest = { model: 'claude-x', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], maxOutputTokens: 64, stream: false };
const response: CanonicalResponse = {
  id: 'msg_1',
  modelId: 'claude-x-2026',
  content: [
    { type: 'reasoning', text: 'think', signature: 'sig' },
    { type: 'text', text: 'Hello there' },
    { type: 'tool-call', toolCallId: 'call_1', toolName: 'lookup', input: { q: 'x', n: 2 } },
  ],
  finishReason: { unified: 'tool-calls', raw: 'tool_use' },
  usage: emptyUsage(),
};

describe('requestFingerprint', () => {
  it('ignores key order and streaming, and tells apart any other difference', () => {
    const reordered = JSON.parse(JSON.stringify({ stream: true, maxOutputTokens: 64, messages: request.messages, model: 'claude-x' })) as CanonicalRequest;
    expect(requestFingerprint(reordered)).toBe(requestFingerprint(request));
    expect(requestFingerprint({ ...request, temperature: 0.5 })).not.toBe(requestFingerprint(request));
    expect(requestFingerprint({ ...request, model: 'claude-y' })).not.toBe(requestFingerprint(request));
    expect(requestFingerprint({ ...request, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi!' }] }] })).not.toBe(requestFingerprint(request));
  });
});

describe('StaleAnswerCache', () => {
  it('forgets answers past their time and the least recently used past its size', () => {
    let now = 1_000;
    const cache = new StaleAnswerCache(() => now);
    const limits = { ttlMs: 10_000, maxEntries: 2 };
    cache.remember('r', 'a', response, limits);
    cache.remember('r', 'b', response, limits);
    now += 1_000;
    expect(cache.recall('r', 'a', limits)).toEqual({ response, ageMs: 1_000 });
    cache.remember('r', 'c', response, limits);
    expect(cache.recall('r', 'b', limits)).toBeUndefined();
    expect(cache.recall('r', 'a', limits)).toBeDefined();
    expect(cache.recall('other-route', 'a', limits)).toBeUndefined();
    now += 10_000;
    expect(cache.recall('r', 'a', limits)).toBeUndefined();
    expect(cache.size('r')).toBe(1);
  });
});

describe('responseToParts and ResponseCollector', () => {
  it('turn an answer into a stream and back without losing text, reasoning or tool calls', () => {
    const collector = new ResponseCollector();
    for (const part of responseToParts(response)) collector.add(part);
    expect(collector.response()).toEqual(response);
  });

  it('has no answer until the stream finished', () => {
    const collector = new ResponseCollector();
    collector.add({ type: 'text-start', id: '0' });
    collector.add({ type: 'text-delta', id: '0', delta: 'cut' });
    expect(collector.response()).toBeUndefined();
  });
});

describe('configuredAnswer', () => {
  it('is one text block that ends the turn normally, under the client\'s model name', () => {
    const answer = configuredAnswer('Try again soon.', 'gpt-support');
    expect(answer).toMatchObject({ modelId: 'gpt-support', content: [{ type: 'text', text: 'Try again soon.' }], finishReason: { unified: 'stop' } });
    expect(answer.usage.outputTokens.total).toBe(0);
    expect(configuredAnswer('x', 'm').id).not.toBe(answer.id);
  });
});
