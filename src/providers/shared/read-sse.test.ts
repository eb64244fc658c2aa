import { describe, expect, it } from 'vitest';
import { UpstreamResponseError } from '../../errors/index.js';
import { readSse, type SseEvent } from './read-sse.js';

async function* chunks(...parts: Array<string | Uint8Array>): AsyncGenerator<string | Uint8Array> {
  for (const part of parts) yield part;
}

async function read(body: AsyncIterable<string | Uint8Array>, maxEventBytes: number): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of readSse(body, { maxEventBytes })) events.push(event);
  return events;
}

const event = (data: string, terminator = '\n') => `data: ${data}${terminator}${terminator}`;

describe('readSse event size limit', () => {
  it('lets any number of events through as long as each one fits, however they are split into reads', async () => {
    const stream = Array.from({ length: 50 }, (_, index) => event(`${index}`.padEnd(90, 'x'))).join('');
    const reads = stream.match(/[\s\S]{1,37}/g)!.map((text) => new TextEncoder().encode(text));
    const events = await read(chunks(...reads), 128);
    expect(events).toHaveLength(50);
  });

  it.each([
    ['\n', 'LF'],
    ['\r\n', 'CRLF'],
    ['\r', 'CR'],
  ])('finds the end of events written with %j (%s), also when the blank line straddles two reads', async (terminator) => {
    const one = event('y'.repeat(90), terminator);
    const split = one.length - terminator.length;
    // The parser holds a last lone CR until it knows no LF follows: a comment after the last event says so.
    const events = await read(chunks(...Array.from({ length: 20 }, () => [one.slice(0, split), one.slice(split)]).flat(), ': end\n\n'), 128);
    expect(events).toHaveLength(20);
  });

  it('keep-alive comments never add up', async () => {
    const events = await read(chunks(...Array.from({ length: 1000 }, () => ': ping\n\n'), event('done')), 64);
    expect(events.map((item) => item.data)).toEqual(['done']);
  });

  it('refuses an event, or a single line, that grows past the limit, before holding the rest', async () => {
    let sent = 0;
    async function* endlessLine(): AsyncGenerator<string> {
      yield event('first');
      yield 'data: {"text":"';
      for (;;) {
        sent += 1024;
        yield 'z'.repeat(1024);
      }
    }
    const error = await read(endlessLine(), 16 * 1024).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(UpstreamResponseError);
    expect((error as Error).message).toContain('limits.max_sse_event_bytes');
    expect(sent).toBeLessThanOrEqual(17 * 1024);
    // Many short lines of one event count together.
    const manyLines = `${'data: 0123456789\n'.repeat(2_000)}\n`.match(/[\s\S]{1,1024}/g)!;
    await expect(read(chunks(...manyLines), 16 * 1024)).rejects.toBeInstanceOf(UpstreamResponseError);
  });
});
