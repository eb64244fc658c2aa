import { describe, expect, it } from 'vitest';
import { ByteChunks } from '../core/byte-chunks.js';
import { anthropicProtocol } from './anthropic/anthropic-protocol.js';
import type { InboundProtocol } from './inbound-protocol.js';
import { readRequestHead } from './read-request-head.js';
import { scanJsonObject } from './scan-json-object.js';

/** The Anthropic protocol with its parses counted, so a test sees which heads were validated again. */
function countingProtocol(): InboundProtocol & { parses: number } {
  const protocol = {
    ...anthropicProtocol,
    parses: 0,
    parseRequest(body: unknown) {
      protocol.parses += 1;
      return anthropicProtocol.parseRequest(body);
    },
  };
  return protocol;
}

const head = (text: string, protocol: InboundProtocol) => {
  const bytes = Buffer.from(text);
  // Cut in two, so the head is read across chunks as a real upload's would be.
  const cut = Math.floor(bytes.length / 2);
  return readRequestHead(new ByteChunks([bytes.subarray(0, cut), bytes.subarray(cut)]), scanJsonObject(bytes, 64)!, protocol);
};

describe('readRequestHead', () => {
  it('validates the members outside the conversation and answers model and stream', () => {
    const protocol = countingProtocol();
    expect(head('{"model":"m","max_tokens":5,"stream":true,"messages":[{"role":"user","content":42}]}', protocol)).toEqual({ model: 'm', stream: true });
    expect(protocol.parses).toBe(1);
  });

  it('validates a head seen before only once, whatever the conversation, and tells apart heads that differ', () => {
    const protocol = countingProtocol();
    const first = head('{"model":"m","max_tokens":5,"system":"be brief","messages":[{"role":"user","content":"one"}]}', protocol);
    const again = head('{"model":"m","max_tokens":5,"system":"be brief","messages":[{"role":"user","content":"two"},{"role":"assistant","content":"x"}]}', protocol);
    expect(again).toEqual(first);
    expect(protocol.parses).toBe(1);
    expect(head('{"model":"m","max_tokens":5,"system":"be brief","stream":true,"messages":[{"role":"user","content":"one"}]}', protocol)).toEqual({ model: 'm', stream: true });
    expect(protocol.parses).toBe(2);
  });

  it('refuses a bad head every time it comes, so the caller takes the full parse and its worded error', () => {
    const protocol = countingProtocol();
    const bad = '{"model":"m","max_tokens":"five","messages":[{"role":"user","content":"hi"}]}';
    expect(head(bad, protocol)).toBeUndefined();
    expect(head(bad, protocol)).toBeUndefined();
    expect(protocol.parses).toBe(1);
  });

  it('leaves an empty or missing conversation to the full parse', () => {
    const protocol = countingProtocol();
    expect(head('{"model":"m","max_tokens":5,"messages":[ ]}', protocol)).toBeUndefined();
    expect(head('{"model":"m","max_tokens":5}', protocol)).toBeUndefined();
    expect(protocol.parses).toBe(0);
  });
});
