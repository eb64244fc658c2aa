import { createParser } from 'eventsource-parser';
import { UpstreamResponseError } from '../../errors/index.js';

/** One server-sent event. `frame` is the event re-serialised in canonical SSE framing. */
export interface SseEvent {
  event: string | undefined;
  data: string;
  frame: string;
}

/** How much of one event the reader will hold. */
export interface SseReadOptions {
  /**
   * Bytes since the end of the last event (a blank line) past which the stream is refused, counted
   * at each read (an event that fits in one read is never larger than a read). Default unlimited.
   */
  maxEventBytes?: number;
}

/**
 * Decodes a byte stream into SSE events as they arrive (never buffers the whole body). Comment
 * lines and retry fields are dropped; an unterminated last event is discarded, as browsers do.
 */
export async function* readSse(body: AsyncIterable<Uint8Array | string>, options: SseReadOptions = {}): AsyncGenerator<SseEvent> {
  for await (const batch of readSseBatches(body, options)) yield* batch;
}

/**
 * Like {@link readSse}, but yields every event one network read produced as one array: a fast
 * upstream delivers a whole stream in a few reads, and one async step per read instead of one per
 * event is most of the cost of a passthrough stream. An event (or a line) growing past
 * `maxEventBytes` throws an UpstreamResponseError, and leaving the loop destroys the body.
 */
export async function* readSseBatches(body: AsyncIterable<Uint8Array | string>, options: SseReadOptions = {}): AsyncGenerator<SseEvent[]> {
  const decoder = new TextDecoder();
  const maxEventBytes = options.maxEventBytes ?? Number.POSITIVE_INFINITY;
  let pending: SseEvent[] = [];
  /** Bytes read since the last event boundary, and the last byte read (a boundary may straddle two reads). */
  let openEventBytes = 0;
  let lastByte = 0;
  const parser = createParser({
    onEvent(message) {
      const eventLine = message.event ? `event: ${message.event}\n` : '';
      const dataLines = message.data.includes('\n') ? message.data.split('\n').map((line) => `data: ${line}\n`).join('') : `data: ${message.data}\n`;
      pending.push({ event: message.event, data: message.data, frame: `${eventLine}${dataLines}\n` });
    },
  });
  for await (const chunk of body) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (bytes.length > 0) {
      const end = lastBoundaryEnd(bytes, lastByte);
      openEventBytes = end === -1 ? openEventBytes + bytes.length : bytes.length - end;
      lastByte = bytes[bytes.length - 1]!;
      if (openEventBytes > maxEventBytes) {
        throw new UpstreamResponseError(`the provider's stream sent an event larger than ${maxEventBytes} bytes (limits.max_sse_event_bytes); the connection was cut`);
      }
    }
    parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (pending.length > 0) {
      const batch = pending;
      pending = [];
      yield batch;
    }
  }
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Index just past the last blank line (two line terminators in a row: `\n\n`, `\r\r`, `\n\r`,
 * `\r\n\r\n` contains the last) in `bytes`, or -1 when there is none; `previous` is the byte
 * before `bytes`, for a blank line split between two reads.
 */
function lastBoundaryEnd(bytes: Buffer, previous: number): number {
  const lf = bytes.lastIndexOf('\n\n');
  let end = lf === -1 ? -1 : lf + 2;
  // Boundaries written with CRs are rare: look for them only when a CR follows the last `\n\n`.
  if (bytes.indexOf(CR, Math.max(end, 0)) !== -1) {
    const crcr = bytes.lastIndexOf('\r\r');
    const lfcr = bytes.lastIndexOf('\n\r');
    end = Math.max(end, crcr === -1 ? -1 : crcr + 2, lfcr === -1 ? -1 : lfcr + 2);
  }
  if (end === -1 && ((previous === LF && (bytes[0] === LF || bytes[0] === CR)) || (previous === CR && bytes[0] === CR))) end = 1;
  return end;
}
