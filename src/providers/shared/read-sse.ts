import { createSseDecoder, type SseEvent, type SseReadOptions } from './sse-decoder.js';

export type { SseEvent, SseReadOptions } from './sse-decoder.js';

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
 * `maxEventBytes` throws an UpstreamResponseError, and leaving the loop destroys the body. (A
 * provider's HTTP body is read by readBodyBatches instead, with no async step per layer.)
 */
export async function* readSseBatches(body: AsyncIterable<Uint8Array | string>, options: SseReadOptions = {}): AsyncGenerator<SseEvent[]> {
  const decoder = createSseDecoder(options);
  for await (const chunk of body) {
    const events = decoder.decode(chunk);
    if (events.length > 0) yield events as SseEvent[];
  }
}
