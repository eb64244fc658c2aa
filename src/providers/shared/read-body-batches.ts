import type { Readable } from 'node:stream';
import type { StreamPart } from '../../canonical/index.js';
import { LifelineError } from '../../errors/index.js';
import type { EventBatchOptions, EventConverter } from './convert-event-batches.js';
import { AFTER_END_GRACE_MS } from './drain-after-end.js';

/** How the body is let go once no more batches will come from it. */
type Release = 'cut' | 'drain' | 'over';

/**
 * An upstream HTTP body → canonical parts, one array per read, with the same contract as
 * convertEventBatches (a failed read is an `error` part named by `mapReadError`, a throw of the
 * converter a LifelineError part, nothing after the converter closed, the rest drained in the
 * background when `drainAfterClose` says so and the close was no failure), but push-style: each
 * chunk is decoded and converted synchronously in the body's `data` event, as the socket delivers
 * it, and handed to the consumer's pending `next()`. A read thus costs one promise, where stacking
 * async generators (the body's iterator, the SSE reader, the converter) cost several promises and
 * microtask hops per layer, per event of a paced stream. A slow consumer pauses the body (so the
 * provider's socket is not read ahead further than one batch); `return()` destroys it.
 */
export function readBodyBatches<E>(
  body: Readable,
  decode: (chunk: Buffer) => readonly E[],
  converter: EventConverter<E>,
  options: EventBatchOptions,
): AsyncIterableIterator<StreamPart[]> {
  /** Batches read ahead of the consumer (at most one, plus the last, before the body pauses). */
  const ready: StreamPart[][] = [];
  let waiting: ((result: IteratorResult<StreamPart[]>) => void) | undefined;
  let listening = false;
  /** No batch will be added any more: the body ended, failed, was handed over or let go. */
  let over = false;
  let paused = false;

  const deliver = (parts: StreamPart[]): void => {
    if (parts.length === 0) return;
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve({ value: parts, done: false });
      return;
    }
    ready.push(parts);
    if (!over && !paused) {
      paused = true;
      body.pause();
    }
  };

  const finish = (parts: StreamPart[], release: Release): void => {
    over = true;
    body.off('data', onData);
    body.off('end', onEnd);
    body.off('close', onClose);
    // onError stays: a body destroyed later still emits 'error', and nobody else listens.
    if (release === 'cut') body.destroy();
    else if (release === 'drain') drain(body, options.drainAfterClose!.abandon);
    deliver(parts);
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve({ value: undefined, done: true });
    }
  };

  const readFailed = (error: unknown, release: Release): void => finish([{ type: 'error', error: options.mapReadError(error) }], release);

  function onData(chunk: Buffer): void {
    if (over) return;
    let events: readonly E[];
    try {
      events = decode(chunk);
    } catch (error) {
      // The decoder refuses what it read (an event past its size limit): the wire's doing.
      readFailed(error, 'cut');
      return;
    }
    let out: StreamPart[] | undefined;
    try {
      for (const event of events) {
        const parts = converter.push(event);
        // One event per read is the common case: its array goes out as it is.
        if (out === undefined) out = parts;
        else for (const part of parts) out.push(part);
        if (converter.closed) break;
      }
    } catch (error) {
      // The converter classifies everything the provider can get wrong: a throw is Lifeline's own fault.
      (out ??= []).push({ type: 'error', error: LifelineError.from(error) });
      finish(out, 'cut');
      return;
    }
    if (converter.closed) finish(out ?? [], options.drainAfterClose && converter.failed !== true ? 'drain' : 'cut');
    else if (out !== undefined) deliver(out);
  }
  function onEnd(): void {
    if (!over) finish(converter.end(), 'over');
  }
  function onError(error: unknown): void {
    if (!over) readFailed(error, 'over');
  }
  function onClose(): void {
    // Closed with neither an end nor an error (undici always gives one of them; Node's own iterator says this).
    if (!over) readFailed(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }), 'over');
  }

  const iterator: AsyncIterableIterator<StreamPart[]> = {
    next(): Promise<IteratorResult<StreamPart[]>> {
      if (!listening) {
        // Read from the first next(), as a generator would: a stream nobody asks for is not read.
        listening = true;
        body.on('error', onError);
        body.on('end', onEnd);
        body.on('close', onClose);
        body.on('data', onData);
      }
      const value = ready.shift();
      if (value !== undefined) {
        if (ready.length === 0 && paused && !over) {
          paused = false;
          body.resume();
        }
        return Promise.resolve({ value, done: false });
      }
      if (over) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return(): Promise<IteratorResult<StreamPart[]>> {
      ready.length = 0;
      // The consumer stopped (client gone, failure, hedge lost): the body is cut, unless it was
      // already handed over to be drained or had ended.
      if (over) return Promise.resolve({ value: undefined, done: true });
      // Destroying emits 'error' (undici's RequestAbortedError): someone must be listening.
      if (!listening) {
        listening = true;
        body.on('error', onError);
      }
      finish([], 'cut');
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/**
 * Reads what a body still sends after the stream's last event, discarding it, so its connection
 * goes back to the pool (see drainAfterEnd); `abandon` cuts a body that does not end in time.
 */
function drain(body: Readable, abandon: () => void): void {
  const timer = setTimeout(abandon, AFTER_END_GRACE_MS);
  timer.unref();
  body.once('close', () => clearTimeout(timer));
  body.resume();
}
