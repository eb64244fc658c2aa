import { describe, expect, it } from 'vitest';
import { ByteChunks } from './byte-chunks.js';

describe('ByteChunks', () => {
  const text = 'héllo, chunked wörld';
  const bytes = Buffer.from(text);
  const chunks = new ByteChunks([bytes.subarray(0, 2), bytes.subarray(2, 3), bytes.subarray(3, 10), bytes.subarray(10)]);

  it('reads bytes, ranges and text by absolute offset across chunks, a multi-byte character cut included', () => {
    expect(chunks.length).toBe(bytes.length);
    for (let index = -1; index <= bytes.length; index++) expect(chunks.byteAt(index)).toBe(bytes[index]);
    for (let start = 0; start <= bytes.length; start++) {
      for (let end = start; end <= bytes.length; end++) {
        expect(Buffer.concat(chunks.pieces(start, end)).equals(bytes.subarray(start, end))).toBe(true);
        expect(chunks.slice(start, end).equals(bytes.subarray(start, end))).toBe(true);
      }
    }
    for (let start = 0; start <= bytes.length; start++) {
      for (let end = start; end <= bytes.length; end++) {
        expect(chunks.toString(start, end)).toBe(bytes.toString('utf8', start, end));
        const target = Buffer.alloc(end - start + 2, 0x2e);
        expect(chunks.copyTo(target, 1, start, end)).toBe(end - start + 1);
        expect(target.equals(Buffer.concat([Buffer.from('.'), bytes.subarray(start, end), Buffer.from('.')]))).toBe(true);
      }
    }
    expect(chunks.toString()).toBe(text);
    expect(chunks.join().equals(bytes)).toBe(true);
  });

  it('gives views, not copies: a range inside one chunk, and every piece', () => {
    expect(chunks.slice(3, 10).buffer).toBe(bytes.buffer);
    expect(chunks.pieces(1, 12).every((piece) => piece.buffer === bytes.buffer)).toBe(true);
    const single = Buffer.from('{}');
    expect(new ByteChunks([single]).join()).toBe(single);
  });
});
