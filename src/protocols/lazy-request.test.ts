import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../canonical/index.js';
import { lazyCanonicalRequest } from './lazy-request.js';

describe('lazyCanonicalRequest', () => {
  it('answers model and stream without parsing, parses once on the first read of anything else', () => {
    let parses = 0;
    const full: CanonicalRequest = { model: 'm', stream: true, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], temperature: 0.5 };
    const request = lazyCanonicalRequest({ model: 'm', stream: true }, () => {
      parses += 1;
      return full;
    });
    expect([request.model, request.stream, parses]).toEqual(['m', true, 0]);
    expect(request.messages).toBe(full.messages);
    expect(request.temperature).toBe(0.5);
    expect({ ...request }.messages).toBe(full.messages);
    expect(parses).toBe(1);
  });

  it('throws the parse error at the read that needs the conversation', () => {
    const request = lazyCanonicalRequest({ model: 'm', stream: false }, () => {
      throw new Error('messages.0.content: invalid');
    });
    expect(request.model).toBe('m');
    expect(() => request.messages).toThrow(/messages.0.content/);
  });
});
