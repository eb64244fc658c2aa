import { createParser } from 'eventsource-parser';

/** One server-sent event. `frame` is the event re-serialised in canonical SSE framing. */
export interface SseEvent {
  event: string | undefined;
  data: string;
  frame: string;
}

/**
 * Decodes a byte stream into SSE events as they arrive (never buffers the whole body). Comment
 * lines and retry fields are dropped; an unterminated last event is discarded, as browsers do.
 */
export async function* readSse(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseEvent> {
  for await (const batch of readSseBatches(body)) yield* batch;
}

/**
 * Like {@link readSse}, but yields every event one network read produced as one array: a fast
 * upstream delivers a whole stream in a few reads, and one async step per read instead of one per
 * event is most of the cost of a passthrough stream.
 */
export async function* readSseBatches(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseEvent[]> {
  const decoder = new TextDecoder();
  let pending: SseEvent[] = [];
  const parser = createParser({
    onEvent(message) {
      const eventLine = message.event ? `event: ${message.event}\n` : '';
      const dataLines = message.data.includes('\n') ? message.data.split('\n').map((line) => `data: ${line}\n`).join('') : `data: ${message.data}\n`;
      pending.push({ event: message.event, data: message.data, frame: `${eventLine}${dataLines}\n` });
    },
  });
  for await (const chunk of body) {
    parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (pending.length > 0) {
      const batch = pending;
      pending = [];
      yield batch;
    }
  }
}
