import type { EventStreamCodec } from '@smithy/eventstream-codec';
import { UpstreamResponseError, type TargetRef } from '../../errors/index.js';
import type { SseEvent } from '../shared/read-sse.js';
import { createBedrockStreamError } from './bedrock-error.js';

/** The Smithy codec, loaded with the first Bedrock stream (a Lifeline without Bedrock never loads it). */
let codecLoading: Promise<EventStreamCodec> | undefined;
const loadCodec = () =>
  (codecLoading ??= Promise.all([import('@smithy/eventstream-codec'), import('@smithy/util-utf8')]).then(([{ EventStreamCodec }, { fromUtf8, toUtf8 }]) => new EventStreamCodec(toUtf8, fromUtf8)));
/** An event-stream message starts with its total length (4 bytes) and headers length (4 bytes). */
const PRELUDE_BYTES = 8;

/** Options of {@link readBedrockEventStream}. */
export interface BedrockEventStreamOptions {
  /** Largest message accepted, in bytes (limits.max_sse_event_bytes). */
  maxEventBytes?: number;
  target?: TargetRef;
}

/**
 * Decodes InvokeModelWithResponseStream's `application/vnd.amazon.eventstream` body (binary
 * frames with CRCs, checked by the Smithy codec) into the Anthropic SSE events it carries: each
 * `chunk` event's payload is `{"bytes": base64 of one Anthropic stream event}`, re-framed here as
 * `event: <type>\ndata: <json>\n\n` so the Anthropic stream converter (and an Anthropic client,
 * on passthrough) reads it unchanged. One array per network read. An `exception` frame
 * (`throttlingException`, `modelStreamErrorException`, ...) is thrown as a classified
 * UpstreamHttpError; a broken frame as an UpstreamResponseError.
 */
export async function* readBedrockEventStream(body: AsyncIterable<Uint8Array | string>, options: BedrockEventStreamOptions = {}): AsyncGenerator<SseEvent[]> {
  const maxEventBytes = options.maxEventBytes ?? Number.POSITIVE_INFINITY;
  const codec = await loadCodec();
  let buffer: Buffer = Buffer.alloc(0);
  for await (const chunk of body) {
    buffer = buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([buffer, Buffer.from(chunk)]);
    const events: SseEvent[] = [];
    while (buffer.length >= PRELUDE_BYTES) {
      const total = buffer.readUInt32BE(0);
      if (total > maxEventBytes) {
        throw new UpstreamResponseError(`Bedrock's stream sent a message larger than ${maxEventBytes} bytes (limits.max_sse_event_bytes); the connection was cut`, at(options.target));
      }
      if (total < PRELUDE_BYTES + 8) throw new UpstreamResponseError('Bedrock stream sent a broken event-stream frame', at(options.target));
      if (buffer.length < total) break;
      const frame = buffer.subarray(0, total);
      buffer = buffer.subarray(total);
      const event = decodeFrame(codec, frame, options.target);
      if (event) events.push(event);
    }
    if (events.length > 0) yield events;
  }
  if (buffer.length > 0) throw new UpstreamResponseError('Bedrock stream ended inside an event-stream frame', at(options.target));
}

function decodeFrame(codec: EventStreamCodec, frame: Uint8Array, target: TargetRef | undefined): SseEvent | undefined {
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
  const payload = Buffer.from(message.body.buffer, message.body.byteOffset, message.body.byteLength).toString('utf8');
  const messageType = header(':message-type');
  if (messageType === 'exception' || messageType === 'error') {
    throw createBedrockStreamError(header(':exception-type') ?? header(':error-code') ?? 'internalServerException', messageType === 'error' ? JSON.stringify({ message: header(':error-message') }) : payload, target);
  }
  if (header(':event-type') !== 'chunk') return undefined;
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
