import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClientCancelledError, RequestRefusedError } from '../errors/index.js';
import { readJsonBody, type BodyLimits } from './read-json-body.js';

/** The parts of IncomingMessage readJsonBody uses: headers, data/end/error/close, complete, resume. */
class FakeRequest extends EventEmitter {
  complete = false;
  constructor(readonly headers: Record<string, string>) {
    super();
  }
  resume(): this {
    return this;
  }
  send(text: string): void {
    this.emit('data', Buffer.from(text));
  }
  finish(): void {
    this.complete = true;
    this.emit('end');
  }
}

const LIMITS: BodyLimits = { maxBodyBytes: 1024, bodyTimeoutMs: 1_000, bodyIdleTimeoutMs: 300, maxJsonDepth: 128 };
const jsonRequest = () => new FakeRequest({ 'content-type': 'application/json' });
const read = (request: FakeRequest) => readJsonBody(request as unknown as IncomingMessage, LIMITS);

afterEach(() => {
  vi.useRealTimers();
});

describe('readJsonBody', () => {
  it('parses a body that arrives in parts and leaves no timer behind', async () => {
    vi.useFakeTimers();
    const request = jsonRequest();
    const reading = read(request);
    request.send('{"model":');
    vi.advanceTimersByTime(200);
    request.send('"claude"}');
    request.finish();
    await expect(reading).resolves.toEqual({ value: { model: 'claude' }, bytes: 18 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses a body not labelled application/json with 415 before reading any of it', async () => {
    const request = new FakeRequest({ 'content-type': 'text/plain' });
    await expect(read(request)).rejects.toMatchObject({ statusCode: 415, reason: 'unsupported_media_type' });
    expect(request.listenerCount('data')).toBe(0);
  });

  it('answers 408 when the body goes silent for body_idle_timeout_ms', async () => {
    vi.useFakeTimers();
    const request = jsonRequest();
    const reading = read(request);
    request.send('{');
    const outcome = expect(reading).rejects.toThrow(/No part of the request body arrived for 300 ms \(server\.body_idle_timeout_ms\); 1 bytes came/);
    vi.advanceTimersByTime(300);
    await outcome;
    await expect(reading).rejects.toBeInstanceOf(RequestRefusedError);
    await expect(reading).rejects.toMatchObject({ statusCode: 408, closesConnection: true });
  });

  it('answers 408 when a body that keeps trickling is not complete within body_timeout_ms', async () => {
    vi.useFakeTimers();
    const request = jsonRequest();
    const reading = read(request);
    const outcome = expect(reading).rejects.toThrow(/did not arrive within 1000 ms \(server\.body_timeout_ms\)/);
    for (let elapsedMs = 0; elapsedMs < 1_000; elapsedMs += 100) {
      request.send(' ');
      vi.advanceTimersByTime(100);
    }
    await outcome;
  });

  it('is a quiet client_cancelled when the client resets or closes before the body is complete', async () => {
    const reset = jsonRequest();
    const resetReading = read(reset);
    reset.send('{"model":');
    reset.emit('error', Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    await expect(resetReading).rejects.toBeInstanceOf(ClientCancelledError);

    const closed = jsonRequest();
    const closedReading = read(closed);
    closed.send('{"model":');
    closed.emit('close');
    await expect(closedReading).rejects.toMatchObject({ failureClass: 'client_cancelled' });
  });
});
