import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UpstreamTimeoutError } from '../../errors/index.js';
import { limitStreamDuration } from './limit-stream-duration.js';

const target = { provider: 'anthropic', model: 'claude-x' };

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('limitStreamDuration', () => {
  it('cuts a body still running at its maximum duration, however busy it is, with a stream timeout of the provider', async () => {
    const body = new PassThrough();
    limitStreamDuration(body, 60_000, target);
    const read = (async () => {
      for await (const chunk of body) void chunk;
    })().catch((error: unknown) => error);
    for (let second = 0; second < 59; second++) {
      body.write('data: {"type":"ping"}\n\n');
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect(body.destroyed).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await read;
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    expect(error).toMatchObject({ phase: 'stream', failureClass: 'timeout', target });
    expect((error as Error).message).toContain('resilience.timeouts.stream_max_ms');
  });

  it('forgets its timer once the body closes', async () => {
    const body = new PassThrough();
    limitStreamDuration(body, 60_000, target);
    expect(vi.getTimerCount()).toBe(1);
    body.end();
    body.resume();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
