import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { UpstreamResponseError, type TargetRef } from '../../errors/index.js';
import type { SseEvent } from '../shared/read-sse.js';
import { createBedrockStreamError } from './bedrock-error.js';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
/** An event-stream message starts with its total length (4 bytes) and headers length (4 bytes). */
const PRELUDE_BYTES = 8;

/** Options of {@link readBedrockEventStream}. */
export interface BedrockEventStreamOptions {
  /** Largest message accepted, in bytes (limits.max_sse_event_bytes). */
  maxEventBytes?: number;
  target?: TargetRef;
}

/** One event message of an event stream: its `:event-type` and its JSON payload, as text. */
export interface BedrockStreamEvent {
  eventType: string;
  payload: string;
}

/**
 * Decodes an `application/vnd.amazon.eventstream` body (binary frames with CRCs, checked by the
 * Smithy codec) into its event messages, one array per network read. An `exception` frame
 * (`throttlingException`, `modelStreamErrorException`, ...) is thrown as a classified
 * UpstreamHttpError; a broken frame as an UpstreamResponseError. InvokeModelWithResponseStream
 * and ConverseStream frame their events alike.
 */
export async function* readBedrockEvents(body: AsyncIterable<Uint8Array | string>, options: BedrockEventStreamOptions = {}): AsyncGenerator<BedrockStreamEvent[]> {
  const maxEventBytes = options.maxEventBytes ?? Number.POSITIVE_INFINITY;
  let buffer: Buffer = Buffer.alloc(0);
  for await (const chunk of body) {
    buffer = buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([buffer, Buffer.from(chunk)]);
    const events: BedrockStreamEvent[] = [];
    while (buffer.length >= PRELUDE_BYTES) {
      const total = buffer.readUInt32BE(0);
      if (total > maxEventBytes) {
        throw new UpstreamResponseError(`Bedrock's stream sent a message larger than ${maxEventBytes} bytes (limits.max_sse_event_bytes); the connection was cut`, at(options.target));
      }
      if (total < PRELUDE_BYTES + 8) throw new UpstreamResponseError('Bedrock stream sent a broken event-stream frame', at(options.target));
      if (buffer.length < total) break;
      const frame = buffer.subarray(0, total);
      buffer = buffer.subarray(total);
      let event: BedrockStreamEvent | undefined;
      try {
        event = decodeFrame(frame, options.target);
      } catch (error) {
        // The events before an exception frame in the same read were sent: they go first.
        if (events.length > 0) yield events;
        throw error;
      }
      if (event) events.push(event);
    }
    if (events.length > 0) yield events;
  }
  if (buffer.length > 0) throw new UpstreamResponseError('Bedrock stream ended inside an event-stream frame', at(options.target));
}

/**
 * InvokeModelWithResponseStream's events as the Anthropic SSE events they carry: each `chunk`
 * event's payload is `{"bytes": base64 of one Anthropic stream event}`, re-framed here as
 * `event: <type>\ndata: <json>\n\n` so the Anthropic stream converter (and an Anthropic client,
 * on passthrough) reads it unchanged.
 */
export async function* readBedrockEventStream(body: AsyncIterable<Uint8Array | string>, options: BedrockEventStreamOptions = {}): AsyncGenerator<SseEvent[]> {
  for await (const events of readBedrockEvents(body, options)) {
    const sse = events.filter((event) => event.eventType === 'chunk').map((event) => chunkEvent(event.payload));
    if (sse.length > 0) yield sse;
  }
}

function decodeFrame(frame: Uint8Array, target: TargetRef | undefined): BedrockStreamEvent | undefined {
  let message: ReturnType<EventStreamCodec['decode']>;
  try {
    message = codec.decode(frame);
  } catch (cause) {
    throw new UpstreamResponseError('Bedrock stream sent an event-stream frame that does not decode (length or CRC)', { ...at(target), cause });
  }
  const header = (name: string) => {
    const value = message.headers[name]?.value;
    return typeof value === 'string' ? value : undefined;
  };
  const payload = toUtf8(message.body);
  const messageType = header(':message-type');
  if (messageType === 'exception' || messageType === 'error') {
    throw createBedrockStreamError(header(':exception-type') ?? header(':error-code') ?? 'internalServerException', messageType === 'error' ? JSON.stringify({ message: header(':error-message') }) : payload, target);
  }
  const eventType = header(':event-type');
  return eventType === undefined ? undefined : { eventType, payload };
}

function chunkEvent(payload: string): SseEvent {
  const data = chunkData(payload);
  // Not a chunk of the shape promised: handed on as a non-JSON event, which the converter's
  // malformed-event budget judges like any other.
  if (data === undefined) return { event: undefined, data: payload, frame: `data: ${payload}\n\n` };
  const type = eventType(data);
  return { event: type, data, frame: `${type ? `event: ${type}\n` : ''}data: ${data}\n\n` };
}

/** The Anthropic event JSON inside a chunk payload `{"bytes":"<base64>"}`, or undefined. */
function chunkData(payload: string): string | undefined {
  try {
    const parsed = JSON.parse(payload) as unknown;
    const bytes = typeof parsed === 'object' && parsed !== null ? (parsed as { bytes?: unknown }).bytes : undefined;
    return typeof bytes === 'string' ? Buffer.from(bytes, 'base64').toString('utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** The `type` of an Anthropic event, found without parsing it twice (the converter parses it). */
function eventType(data: string): string | undefined {
  return /^\{\s*"type"\s*:\s*"([a-z_]+)"/.exec(data)?.[1] ?? /"type"\s*:\s*"([a-z_]+)"/.exec(data)?.[1];
}

function at(target: TargetRef | undefined): { target?: TargetRef } {
  return target ? { target } : {};
}
