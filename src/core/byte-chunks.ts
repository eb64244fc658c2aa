/**
 * A body as the socket delivered it: its chunks in order, read by absolute offset and never joined
 * unless something asks for the whole. Joining a long conversation allocates a fresh buffer of its
 * size per request, and those allocations were what drove the garbage collector on long turns.
 */
export class ByteChunks {
  readonly chunks: readonly Buffer[];
  readonly length: number;
  #joined: Buffer | undefined;

  constructor(chunks: readonly Buffer[]) {
    this.chunks = chunks;
    let length = 0;
    for (const chunk of chunks) length += chunk.length;
    this.length = length;
  }

  /** The byte at `index`, or undefined past the end. */
  byteAt(index: number): number | undefined {
    if (index < 0) return undefined;
    let offset = 0;
    for (const chunk of this.chunks) {
      if (index < offset + chunk.length) return chunk[index - offset];
      offset += chunk.length;
    }
    return undefined;
  }

  /** The bytes from `start` to `end` as views of the chunks that hold them: nothing is copied. */
  pieces(start: number, end: number): Buffer[] {
    const pieces: Buffer[] = [];
    let offset = 0;
    for (const chunk of this.chunks) {
      const chunkEnd = offset + chunk.length;
      if (chunkEnd > start && offset < end) pieces.push(chunk.subarray(Math.max(start, offset) - offset, Math.min(end, chunkEnd) - offset));
      offset = chunkEnd;
      if (offset >= end) break;
    }
    return pieces;
  }

  /** The bytes from `start` to `end` in one buffer: a view when one chunk holds them, else a copy. */
  slice(start: number, end: number): Buffer {
    const pieces = this.pieces(start, end);
    return pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, end - start);
  }

  /** The bytes from `start` to `end` decoded as UTF-8. */
  toString(start = 0, end = this.length): string {
    return this.slice(start, end).toString('utf8');
  }

  /** Every byte in one buffer (the only chunk itself when there is one); joined once, on first use. */
  join(): Buffer {
    return (this.#joined ??= this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length));
  }
}
