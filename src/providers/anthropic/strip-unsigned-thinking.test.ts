import { describe, expect, it } from 'vitest';
import { ByteChunks } from '../../core/byte-chunks.js';
import { chunksMayHoldUnsignedThinking, mayHoldUnsignedThinking, stripUnsignedThinking } from './strip-unsigned-thinking.js';

describe('stripUnsignedThinking', () => {
  it('returns the same object when every thinking block is signed', () => {
    const body = {
      model: 'm',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 't', signature: 'sig' }, { type: 'text', text: 'a' }] },
      ],
    };
    expect(stripUnsignedThinking(body)).toBe(body);
  });

  it('removes thinking blocks with an empty signature from assistant messages only', () => {
    const body = {
      model: 'm',
      extra: { kept: true },
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'foreign', signature: '' }, { type: 'text', text: 'a' }] },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'real', signature: 'sig' }] },
      ],
    };
    expect(stripUnsignedThinking(body)).toEqual({
      model: 'm',
      extra: { kept: true },
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'a' }] },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'real', signature: 'sig' }] },
      ],
    });
    expect(body.messages[1]?.content).toHaveLength(2);
  });

  it('leaves odd bodies alone', () => {
    for (const body of [{}, { messages: 'x' }, { messages: [null, 1, { role: 'assistant', content: 'text' }] }]) {
      expect(stripUnsignedThinking(body)).toBe(body);
    }
  });
});

describe('mayHoldUnsignedThinking', () => {
  const bytes = (body: unknown) => Buffer.from(JSON.stringify(body));
  const turn = (block: Record<string, unknown>) => ({ model: 'm', thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'assistant', content: [block, { type: 'text', text: 'the word "thinking" quoted' }] }] });

  it('is false without thinking blocks (the thinking option is a key, a quoted word is escaped) and when every block is signed', () => {
    expect(mayHoldUnsignedThinking(bytes(turn({ type: 'text', text: 'x' })))).toBe(false);
    expect(mayHoldUnsignedThinking(bytes(turn({ type: 'thinking', thinking: 'hm', signature: 'EqQBCkYI' })))).toBe(false);
  });

  it('is true when a thinking block has an empty, null or no signature, so the body is parsed and stripped', () => {
    for (const signature of [{ signature: '' }, { signature: null }, {}]) {
      const body = turn({ type: 'thinking', thinking: 'hm', ...signature });
      expect(mayHoldUnsignedThinking(bytes(body)), JSON.stringify(signature)).toBe(true);
      expect(stripUnsignedThinking(body)).not.toBe(body);
    }
    expect(mayHoldUnsignedThinking(Buffer.from('{"messages":[{"content":[{"type" : "thinking","signature" : ""}]}]}'))).toBe(true);
  });
});

describe('chunksMayHoldUnsignedThinking', () => {
  const unsigned = Buffer.from('{"model":"m","messages":[{"role":"assistant","content":[{"type":"thinking","thinking":"hm","signature":""}]}]}');
  const signed = Buffer.from('{"model":"m","messages":[{"role":"assistant","content":[{"type":"text","text":"x"}]}]}');
  const cutAt = (bytes: Buffer, cuts: number[]) => new ByteChunks([0, ...cuts].map((cut, index, all) => bytes.subarray(cut, all[index + 1] ?? bytes.length)));

  it('answers as the one-buffer check wherever the chunks are cut, "thinking" across a seam included', () => {
    const at = unsigned.indexOf('"thinking"');
    for (let cut = 1; cut < unsigned.length; cut++) {
      expect(chunksMayHoldUnsignedThinking(cutAt(unsigned, [cut])), `cut at ${cut}`).toBe(true);
      expect(chunksMayHoldUnsignedThinking(cutAt(unsigned, [Math.min(cut, at + 2), Math.max(cut, at + 2) + 1])), `cut at ${cut}`).toBe(true);
    }
    for (let cut = 1; cut < signed.length; cut++) expect(chunksMayHoldUnsignedThinking(cutAt(signed, [cut]))).toBe(false);
  });
});
