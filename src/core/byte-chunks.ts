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

  /**
   * The bytes from `start` to `end` decoded as UTF-8. A range inside one chunk (every range of a
   * small body) is decoded from that chunk in place: no array of pieces, no view object.
   */
  toString(start = 0, end = this.length): string {
    let offset = 0;
    for (const chunk of this.chunks) {
      const chunkEnd = offset + chunk.length;
      if (start >= offset && end <= chunkEnd) return chunk.toString('utf8', start - offset, end - offset);
      if (chunkEnd > start) break;
      offset = chunkEnd;
    }
    return this.slice(start, end).toString('utf8');
  }

  /** Copies the bytes from `start` to `end` into `target` at `targetStart`; answers the offset just past them. */
  copyTo(target: Buffer, targetStart: number, start: number, end: number): number {
    let offset = 0;
    let written = targetStart;
    for (const chunk of this.chunks) {
      const chunkEnd = offset + chunk.length;
      if (chunkEnd > start && offset < end) written += chunk.copy(target, written, Math.max(start, offset) - offset, Math.min(end, chunkEnd) - offset);
      offset = chunkEnd;
      if (offset >= end) break;
    }
    return written;
  }

  /** Every byte in one buffer (the only chunk itself when there is one); joined once, on first use. */
  join(): Buffer {
    return (this.#joined ??= this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length));
  }
}
