import type { StreamPart } from '../../canonical/index.js';
import { LifelineError } from '../../errors/index.js';
import { drainAfterEnd } from './drain-after-end.js';

/** A stream converter that takes one upstream event at a time (an SSE event, a Bedrock event-stream message). */
export interface EventConverter<E> {
  push(event: E): StreamPart[];
  /** What the end of the bytes means: the finish, or an error for a cut stream. */
  end(): StreamPart[];
  readonly closed: boolean;
  /** Closed by an error part: the rest of the body is cut, never drained. Unset: drained like any close. */
  readonly failed?: boolean;
}

/** How the batches of one upstream body are turned into parts. */
export interface EventBatchOptions {
  /** The `error` part's error for a failed read: only reading the body is the wire's (or the provider's) doing. */
  mapReadError: (error: unknown) => unknown;
  /**
   * After the converter closed, read the rest of the body in the background (its connection goes
   * back to the pool) while the client's stream ends at once; `abandon` cuts a body that does not
   * end in time. Without it the rest is cut.
   */
  drainAfterClose?: { abandon: () => void } | undefined;
}

/**
 * Upstream event batches → canonical parts, one array per read. Never throws: a failed read becomes
 * an `error` part (`mapReadError` names it), and so does a throw of the converter (which classifies
 * everything the provider can get wrong: a throw is Lifeline's own fault). The stream stops once the
 * converter has closed, and the reader is released (or handed to drainAfterEnd) either way.
 */
export async function* convertEventBatches<E>(batches: AsyncGenerator<E[]>, converter: EventConverter<E>, options: EventBatchOptions): AsyncGenerator<StreamPart[]> {
  let handedOver = false;
  try {
    for (;;) {
      let next: IteratorResult<E[]>;
      try {
        next = await batches.next();
      } catch (error) {
        yield [{ type: 'error', error: options.mapReadError(error) }];
        return;
      }
      if (next.done) break;
      const out: StreamPart[] = [];
      try {
        for (const event of next.value) {
          for (const part of converter.push(event)) out.push(part);
          if (converter.closed) break;
        }
      } catch (error) {
        out.push({ type: 'error', error: LifelineError.from(error) });
        yield out;
        return;
      }
      if (converter.closed && options.drainAfterClose && converter.failed !== true) {
        handedOver = true;
        drainAfterEnd(batches, options.drainAfterClose.abandon);
      }
      if (out.length > 0) yield out;
      if (converter.closed) return;
    }
  } finally {
    // Cuts the body (reset, consumer gone, failure, closed without drain): nothing left to report if that fails too.
    if (!handedOver) batches.return(undefined).catch(() => undefined);
  }
  const ending = converter.end();
  if (ending.length > 0) yield ending;
}
