import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { StreamPart } from '../../canonical/index.js';
import { LifelineError, UpstreamConnectionError } from '../../errors/index.js';
import type { EventConverter } from './convert-event-batches.js';
import { readBodyBatches } from './read-body-batches.js';

/** A body its test writes to by hand, like undici's (a plain Readable). */
function body(): Readable {
  return new Readable({ read() {} });
}

/** Splits each chunk on `|` into events; `boom` throws, as a decoder refusing a huge event does. */
const decode = (chunk: Buffer): string[] => {
  const text = chunk.toString('utf8');
  if (text === 'boom') throw new Error('event too large');
  return text.split('|');
};

/** One text-delta per event; `stop` closes it with a finish, `fail` with an error, `bug` throws. */
function converter(): EventConverter<string> & { pushed: string[] } {
  let closed = false;
  let failed = false;
  const pushed: string[] = [];
  return {
    pushed,
    push(event) {
      pushed.push(event);
      if (event === 'bug') throw new TypeError('a bug in the converter');
      if (event === 'stop') {
        closed = true;
        return [{ type: 'finish', finishReason: { unified: 'stop', raw: undefined }, usage: { inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 1, text: undefined, reasoning: undefined } } } as StreamPart];
      }
      if (event === 'fail') {
        closed = failed = true;
        return [{ type: 'error', error: new Error('provider error') }];
      }
      return [{ type: 'text-delta', id: '0', delta: event }];
    },
    end: () => (closed ? [] : [{ type: 'error', error: new Error('cut short') }]),
    get closed() {
      return closed;
    },
    get failed() {
      return failed;
    },
  };
}

const options = { mapReadError: (error: unknown) => new UpstreamConnectionError(`read failed: ${(error as Error).message}`) };
const tick = () => new Promise((resolve) => setImmediate(resolve));

async function collect(iterator: AsyncIterableIterator<StreamPart[]>): Promise<StreamPart[][]> {
  const batches: StreamPart[][] = [];
  for await (const batch of iterator) batches.push(batch);
  return batches;
}

describe('readBodyBatches', () => {
  it('hands over one batch per chunk, converted as it arrives, and the end of the body last', async () => {
    const source = body();
    const batches = readBodyBatches(source, decode, converter(), options);
    const first = batches.next();
    source.push('a|b');
    expect(await first).toEqual({ done: false, value: [{ type: 'text-delta', id: '0', delta: 'a' }, { type: 'text-delta', id: '0', delta: 'b' }] });
    source.push('c');
    source.push(null);
    const rest = await collect(batches);
    expect(rest).toEqual([[{ type: 'text-delta', id: '0', delta: 'c' }], [{ type: 'error', error: new Error('cut short') }]]);
  });

  it('reads nothing before it is asked, and pauses the body while a batch waits for its reader', async () => {
    const source = body();
    const events = converter();
    const batches = readBodyBatches(source, decode, events, options);
    source.push('a');
    await tick();
    expect(events.pushed).toEqual([]);
    await batches.next();
    source.push('b');
    await tick();
    source.push('c');
    await tick();
    // 'b' is ready and unread: the body stopped flowing, so 'c' stays in it.
    expect(source.isPaused()).toBe(true);
    expect(events.pushed).toEqual(['a', 'b']);
    expect((await batches.next()).value).toEqual([{ type: 'text-delta', id: '0', delta: 'b' }]);
    expect((await batches.next()).value).toEqual([{ type: 'text-delta', id: '0', delta: 'c' }]);
  });

  it('stops at the close, draining the rest of the body in the background', async () => {
    const source = body();
    const abandon = vi.fn();
    const events = converter();
    const batches = readBodyBatches(source, decode, events, { ...options, drainAfterClose: { abandon } });
    const first = batches.next();
    source.push('a|stop|ignored');
    expect((await first).value?.map((part: StreamPart) => part.type)).toEqual(['text-delta', 'finish']);
    expect(await batches.next()).toEqual({ done: true, value: undefined });
    expect(events.pushed).toEqual(['a', 'stop']);
    source.push('after the end');
    source.push(null);
    await tick();
    expect(source.readableEnded).toBe(true);
    expect(source.destroyed).toBe(true);
    expect(abandon).not.toHaveBeenCalled();
  });

  it('cuts the body when the stream closed on a failure, even with drainAfterClose', async () => {
    const source = body();
    const batches = readBodyBatches(source, decode, converter(), { ...options, drainAfterClose: { abandon: vi.fn() } });
    const first = batches.next();
    source.push('fail');
    expect((await first).value?.map((part: StreamPart) => part.type)).toEqual(['error']);
    expect(source.destroyed).toBe(true);
    expect(source.readableEnded).toBe(false);
  });

  it('turns a failed read, and a chunk the decoder refuses, into an error part named by mapReadError', async () => {
    const reset = body();
    const failed = collect(readBodyBatches(reset, decode, converter(), options));
    await tick();
    reset.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const [only] = await failed;
    expect(only?.[0]).toMatchObject({ type: 'error', error: { message: 'read failed: socket hang up' } });

    const huge = body();
    const refused = collect(readBodyBatches(huge, decode, converter(), options));
    huge.push('boom');
    expect((await refused)[0]?.[0]).toMatchObject({ type: 'error', error: { message: 'read failed: event too large' } });
    expect(huge.destroyed).toBe(true);
  });

  it('ends with a LifelineError part when the converter throws: never held against the provider', async () => {
    const source = body();
    const batches = collect(readBodyBatches(source, decode, converter(), options));
    source.push('a|bug');
    const [parts] = await batches;
    expect(parts?.map((part) => part.type)).toEqual(['text-delta', 'error']);
    expect((parts?.[1] as { error: unknown }).error).toBeInstanceOf(LifelineError);
    expect(source.destroyed).toBe(true);
  });

  it('destroys the body when its reader stops, even before the first read, and ends a pending read', async () => {
    const source = body();
    const batches = readBodyBatches(source, decode, converter(), options);
    const pending = batches.next();
    await batches.return!();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(source.destroyed).toBe(true);

    const untouched = body();
    await readBodyBatches(untouched, decode, converter(), options).return!();
    expect(untouched.destroyed).toBe(true);
  });
});
