import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const text = (value: string) => ({ type: 'string' as const, value });

/**
 * One `chunk` event as InvokeModelWithResponseStream sends it: the Anthropic event JSON, base64
 * in `bytes`, with Bedrock's `p` padding field (which hides the payload size on the wire).
 */
export function chunkMessage(eventJson: string): Uint8Array {
  const payload = JSON.stringify({ bytes: Buffer.from(eventJson).toString('base64'), p: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123'.slice(0, 1 + (eventJson.length % 40)) });
  return codec.encode({
    headers: { ':event-type': text('chunk'), ':content-type': text('application/json'), ':message-type': text('event') },
    body: fromUtf8(payload),
  });
}

/** An exception inside the stream (`throttlingException`, `modelStreamErrorException`, ...). */
export function exceptionMessage(exceptionType: string, message: string, extra: Record<string, unknown> = {}): Uint8Array {
  return codec.encode({
    headers: { ':exception-type': text(exceptionType), ':content-type': text('application/json'), ':message-type': text('exception') },
    body: fromUtf8(JSON.stringify({ message, ...extra })),
  });
}

/** A chunk whose last byte (part of the message CRC) is wrong: a frame the decoder must refuse. */
export function corruptedChunkMessage(eventJson: string): Uint8Array {
  const frame = Buffer.from(chunkMessage(eventJson));
  frame[frame.length - 1] = frame[frame.length - 1]! ^ 0xff;
  return frame;
}

/** One ConverseStream event (`messageStart`, `contentBlockDelta`, ...): its members as the JSON payload, with Bedrock's `p` padding. */
export function converseEventMessage(eventType: string, payload: Record<string, unknown>): Uint8Array {
  const body = JSON.stringify({ ...payload, p: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123'.slice(0, 1 + (JSON.stringify(payload).length % 40)) });
  return codec.encode({
    headers: { ':event-type': text(eventType), ':content-type': text('application/json'), ':message-type': text('event') },
    body: fromUtf8(body),
  });
}

/** A Converse event whose last byte (part of the message CRC) is wrong. */
export function corruptedConverseEventMessage(eventType: string, payload: Record<string, unknown>): Uint8Array {
  const frame = Buffer.from(converseEventMessage(eventType, payload));
  frame[frame.length - 1] = frame[frame.length - 1]! ^ 0xff;
  return frame;
}
