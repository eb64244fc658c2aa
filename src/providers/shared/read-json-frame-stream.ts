import type { StreamPart } from '../../canonical/index.js';
import type { TargetRef } from '../../errors/index.js';
import type { EventConverter } from './convert-event-batches.js';
import type { JsonFrameConverter } from './json-frame-converter.js';
import { mapTransportError } from './map-transport-error.js';
import { readBodyBatches } from './read-body-batches.js';
import { createSseDecoder, type SseEvent } from './sse-decoder.js';
import type { UpstreamResponse, UpstreamTimeouts } from './upstream-client.js';

/** How one upstream SSE body of JSON frames is read. */
export interface JsonFrameStreamOptions {
  target: TargetRef;
  signal: AbortSignal;
  timeouts: UpstreamTimeouts;
  maxEventBytes: number;
  /**
   * On passthrough, the format of the provider's frames: each frame is then preceded by a `raw`
   * part, except frames that carry an error (the client gets the error part, rendered its own way)
   * and malformed frames that were skipped (dropped: a client's parser would choke on them too).
   */
  rawFormat?: string | undefined;
  /**
   * After the converter closed, read the rest of the body in the background (its connection goes
   * back to the pool) while the client's stream ends at once; else the body is cut.
   */
  drainAfterClose?: boolean;
}

/**
 * Upstream SSE → canonical parts through `converter` (OpenAI chat, Responses, Gemini), one array
 * per upstream read, read push-style by readBodyBatches: transport failures become an `error` part.
 */
export function readJsonFrameStream(upstream: UpstreamResponse, converter: JsonFrameConverter, options: JsonFrameStreamOptions): AsyncIterableIterator<StreamPart[]> {
  const { rawFormat } = options;
  const events: EventConverter<SseEvent> = {
    push(event) {
      if (event.data.trim() === '') return [];
      const parts = converter.push(event.data);
      if (rawFormat === undefined || converter.skippedLast || (converter.closed && parts.at(-1)?.type === 'error')) return parts;
      // push returns a fresh array per payload: the raw frame goes in front without a copy.
      parts.unshift({ type: 'raw', format: rawFormat, frame: event.frame });
      return parts;
    },
    end: () => converter.end(),
    get closed() {
      return converter.closed;
    },
  };
  return readBodyBatches(upstream.body, createSseDecoder({ maxEventBytes: options.maxEventBytes }).decode, events, {
    mapReadError: (error) => mapTransportError(error, { target: options.target, timeouts: options.timeouts, signal: options.signal }),
    drainAfterClose: options.drainAfterClose ? { abandon: () => upstream.body.destroy() } : undefined,
  });
}
