import type { StreamPart } from '../../canonical/index.js';
import { LifelineError, type TargetRef } from '../../errors/index.js';
import { drainAfterEnd } from './drain-after-end.js';
import type { JsonFrameConverter } from './json-frame-converter.js';
import { mapTransportError } from './map-transport-error.js';
import { readSseBatches, type SseEvent } from './read-sse.js';
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
 * Upstream SSE → canonical parts through `converter`, one array per upstream read. Never throws:
 * transport failures while reading become an `error` part, and so does a throw of the converter
 * (which classifies everything the provider can get wrong: a throw is Lifeline's own fault).
 */
export async function* readJsonFrameStream(upstream: UpstreamResponse, converter: JsonFrameConverter, options: JsonFrameStreamOptions): AsyncGenerator<StreamPart[]> {
  let out: StreamPart[] = [];
  // Iterated by hand, so that the rest of the body can be handed to drainAfterEnd.
  const batches = readSseBatches(upstream.body, { maxEventBytes: options.maxEventBytes });
  let handedOver = false;
  try {
    for (;;) {
      let next: IteratorResult<SseEvent[]>;
      try {
        next = await batches.next();
      } catch (error) {
        // Only reading the body is the wire's (or the provider's) doing.
        out.push({ type: 'error', error: mapTransportError(error, { target: options.target, timeouts: options.timeouts, signal: options.signal }) });
        yield out;
        return;
      }
      if (next.done) break;
      try {
        for (const event of next.value) {
          if (event.data.trim() === '') continue;
          const parts = converter.push(event.data);
          if (options.rawFormat !== undefined && !converter.skippedLast && !(converter.closed && parts.at(-1)?.type === 'error')) out.push({ type: 'raw', format: options.rawFormat, frame: event.frame });
          for (const part of parts) out.push(part);
          if (converter.closed) break;
        }
      } catch (error) {
        out.push({ type: 'error', error: LifelineError.from(error) });
        yield out;
        return;
      }
      if (converter.closed && options.drainAfterClose) {
        handedOver = true;
        drainAfterEnd(batches, () => upstream.body.destroy());
      }
      if (out.length > 0) {
        yield out;
        out = [];
      }
      if (converter.closed) return;
    }
  } finally {
    // Cuts the body (reset, consumer gone, failure, closed without drain): nothing left to report if that fails too.
    if (!handedOver) batches.return(undefined).catch(() => undefined);
  }
  const ending = converter.end();
  if (ending.length > 0) yield ending;
}
