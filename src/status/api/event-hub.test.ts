import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventHub, type ServerSentEvent } from './event-hub.js';

/** A response whose socket buffer is "full" until `drain()` is called. */
class FakeResponse extends EventEmitter {
  written: string[] = [];
  full = false;
  ended = false;
  destroyed = false;
  status = 0;
  writeHead(status: number): this {
    this.status = status;
    return this;
  }
  write(text: string): boolean {
    this.written.push(text);
    return !this.full;
  }
  end(text?: string): this {
    if (text !== undefined) this.written.push(text);
    this.ended = true;
    this.emit('close');
    return this;
  }
  destroy(): this {
    this.destroyed = true;
    this.emit('close');
    return this;
  }
  drain(): void {
    this.full = false;
    this.emit('drain');
  }
}

function attach(hub: ReturnType<typeof createEventHub>, initial: ServerSentEvent[] = []): FakeResponse {
  const response = new FakeResponse();
  hub.attach(new EventEmitter() as IncomingMessage, response as unknown as ServerResponse, initial);
  return response;
}

const snapshot = (n: number): ServerSentEvent => ({ event: 'snapshot', data: `{"n":${n}}`, coalesceKey: 'snapshot' });
const incident = (n: number): ServerSentEvent => ({ event: 'incident', data: `{"i":${n}}` });

afterEach(() => {
  vi.useRealTimers();
});

describe('createEventHub', () => {
  it('sends retry and the initial events, then every broadcast, in SSE format', () => {
    const hub = createEventHub({ subscribe: () => [] });
    const response = attach(hub, [snapshot(1)]);
    hub.broadcast(incident(1));
    expect(response.status).toBe(200);
    expect(response.written.join('')).toBe('retry: 2000\n\nevent: snapshot\ndata: {"n":1}\n\nevent: incident\ndata: {"i":1}\n\n');
  });

  it('subscribes to its sources with the first client and disposes them when the last one leaves', () => {
    const dispose = vi.fn();
    const subscribe = vi.fn(() => [{ dispose }]);
    const hub = createEventHub({ subscribe });
    const first = attach(hub);
    const second = attach(hub);
    expect(subscribe).toHaveBeenCalledTimes(1);
    first.emit('close');
    expect(dispose).not.toHaveBeenCalled();
    second.emit('close');
    expect(dispose).toHaveBeenCalledTimes(1);
    expect(hub.clientCount).toBe(0);
  });

  it('sends a keep-alive comment every keepAliveMs', () => {
    vi.useFakeTimers();
    const hub = createEventHub({ subscribe: () => [], keepAliveMs: 15_000 });
    const response = attach(hub);
    vi.advanceTimersByTime(30_000);
    expect(response.written.filter((text) => text === ': keep-alive\n\n')).toHaveLength(2);
    response.emit('close');
    vi.advanceTimersByTime(30_000);
    expect(response.written.filter((text) => text === ': keep-alive\n\n')).toHaveLength(2);
  });

  it('holds events for a blocked client, keeps only the latest snapshot, and flushes on drain', () => {
    const hub = createEventHub({ subscribe: () => [] });
    const slow = attach(hub);
    const fast = attach(hub);
    slow.full = true;
    hub.broadcast(snapshot(1)); // written, then the buffer reports full
    hub.broadcast(snapshot(2));
    hub.broadcast(incident(1));
    hub.broadcast(snapshot(3));
    expect(slow.written.slice(1)).toEqual(['event: snapshot\ndata: {"n":1}\n\n']);
    expect(fast.written).toHaveLength(5);
    slow.drain();
    expect(slow.written.slice(2)).toEqual(['event: incident\ndata: {"i":1}\n\n', 'event: snapshot\ndata: {"n":3}\n\n']);
  });

  it('drops a client that falls too far behind', () => {
    const hub = createEventHub({ subscribe: () => [], maxQueuedEvents: 2 });
    const slow = attach(hub);
    slow.full = true;
    for (let index = 0; index < 4; index += 1) hub.broadcast(incident(index));
    expect(slow.destroyed).toBe(true);
    expect(hub.clientCount).toBe(0);
  });

  it('drops a client that stopped reading for maxBlockedMs, even when its snapshots coalesce', () => {
    vi.useFakeTimers();
    const hub = createEventHub({ subscribe: () => [], keepAliveMs: 1_000, maxBlockedMs: 5_000 });
    const stalled = attach(hub);
    const reading = attach(hub);
    stalled.full = true;
    // Snapshots replace each other in the queue: the queue never grows, only the time blocked does.
    for (let second = 0; second < 4; second += 1) {
      hub.broadcast(snapshot(second));
      vi.advanceTimersByTime(1_000);
    }
    expect(stalled.destroyed).toBe(false);
    vi.advanceTimersByTime(2_000);
    expect(stalled.destroyed).toBe(true);
    expect(reading.destroyed).toBe(false);
    expect(hub.clientCount).toBe(1);
  });

  it('keeps a client that was blocked for a moment and drained', () => {
    vi.useFakeTimers();
    const hub = createEventHub({ subscribe: () => [], keepAliveMs: 1_000, maxBlockedMs: 5_000 });
    const client = attach(hub);
    client.full = true;
    hub.broadcast(snapshot(1));
    vi.advanceTimersByTime(2_000);
    client.drain();
    vi.advanceTimersByTime(10_000);
    expect(client.destroyed).toBe(false);
  });

  it('answers the client past maxClients with a 503 and a JSON body, and takes one again when a slot frees', () => {
    const hub = createEventHub({ subscribe: () => [], maxClients: 2 });
    const first = attach(hub);
    attach(hub);
    const refused = attach(hub);
    expect(refused.status).toBe(503);
    expect(refused.ended).toBe(true);
    expect(JSON.parse(refused.written.join(''))).toEqual({ error: { code: 'too_many_event_clients', message: expect.stringContaining('status.max_event_clients') } });
    expect(hub.clientCount).toBe(2);
    first.emit('close');
    expect(attach(hub).status).toBe(200);
  });

  it('ends every stream on close and refuses new ones', () => {
    const dispose = vi.fn();
    const hub = createEventHub({ subscribe: () => [{ dispose }] });
    const response = attach(hub);
    hub.close();
    expect(response.ended).toBe(true);
    expect(dispose).toHaveBeenCalledTimes(1);
    const late = attach(hub);
    expect(late.status).toBe(503);
    expect(late.ended).toBe(true);
  });
});
