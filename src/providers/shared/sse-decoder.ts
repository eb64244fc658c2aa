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

/** Decodes the chunks of one SSE byte stream, in order, as they arrive. */
export interface SseDecoder {
  /**
   * The events `chunk` completes (an event split across reads comes out with its last piece).
   * Throws an UpstreamResponseError when an event (or a line) grows past `maxEventBytes`.
   */
  decode(chunk: Uint8Array | string): readonly SseEvent[];
}

/** What most reads of a paced stream that split an event complete: nothing (shared, never written to). */
const NO_EVENTS: readonly SseEvent[] = Object.freeze([]);

/**
 * A synchronous SSE decoder: the caller feeds it each read and gets that read's events back, with
 * no async step of its own (readBodyBatches calls it from the body's `data` event). Comment lines
 * and retry fields are dropped.
 */
export function createSseDecoder(options: SseReadOptions = {}): SseDecoder {
  const textDecoder = new TextDecoder();
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
  return {
    decode(chunk) {
      if (maxEventBytes !== Number.POSITIVE_INFINITY) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        if (bytes.length > 0) {
          const end = lastBoundaryEnd(bytes, lastByte);
          openEventBytes = end === -1 ? openEventBytes + bytes.length : bytes.length - end;
          lastByte = bytes[bytes.length - 1]!;
          if (openEventBytes > maxEventBytes) {
            throw new UpstreamResponseError(`the provider's stream sent an event larger than ${maxEventBytes} bytes (limits.max_sse_event_bytes); the connection was cut`);
          }
        }
      }
      parser.feed(typeof chunk === 'string' ? chunk : textDecoder.decode(chunk, { stream: true }));
      if (pending.length === 0) return NO_EVENTS;
      const events = pending;
      pending = [];
      return events;
    },
  };
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Index just past the last blank line (two line terminators in a row: `\n\n`, `\r\r`, `\n\r`,
 * `\r\n\r\n` contains the last) in `bytes`, or -1 when there is none; `previous` is the byte
 * before `bytes`, for a blank line split between two reads.
 */
function lastBoundaryEnd(bytes: Buffer, previous: number): number {
  // Searched by byte, not for the string '\n\n' (which Buffer converts on every call): an event's
  // read ends with its blank line, so the first LF found is nearly always the boundary.
  let lf = bytes.lastIndexOf(LF);
  while (lf > 0 && bytes[lf - 1] !== LF) lf = bytes.lastIndexOf(LF, lf - 1);
  let end = lf > 0 ? lf + 1 : -1;
  // Boundaries written with CRs are rare: look for them only when a CR follows the last `\n\n`.
  if (bytes.indexOf(CR, Math.max(end, 0)) !== -1) {
    const crcr = bytes.lastIndexOf('\r\r');
    const lfcr = bytes.lastIndexOf('\n\r');
    end = Math.max(end, crcr === -1 ? -1 : crcr + 2, lfcr === -1 ? -1 : lfcr + 2);
  }
  if (end === -1 && ((previous === LF && (bytes[0] === LF || bytes[0] === CR)) || (previous === CR && bytes[0] === CR))) end = 1;
  return end;
}
