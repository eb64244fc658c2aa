import { describe, expect, it, vi } from 'vitest';
import { drainAfterEnd } from './drain-after-end.js';

/** An iterator that yields `count` values and ends; with `count` Infinity it yields nothing and waits until `fail()`. */
function source(count: number) {
  let read = 0;
  let fail: ((error: Error) => void) | undefined;
  const iterator: AsyncIterator<number> = {
    next: () => {
      if (!Number.isFinite(count)) return new Promise((_, reject) => (fail = reject));
      if (read < count) return Promise.resolve({ done: false, value: read++ });
      return Promise.resolve({ done: true, value: undefined });
    },
  };
  return { iterator, read: () => read, fail: (error: Error) => fail?.(error) };
}

describe('drainAfterEnd', () => {
  it('reads the rest of the body to its end without abandoning it', async () => {
    const body = source(3);
    const abandon = vi.fn();
    drainAfterEnd(body.iterator, abandon, 50);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(body.read()).toBe(3);
    // The timer was cleared once the body ended.
    expect(abandon).not.toHaveBeenCalled();
  });

  it('abandons a body that does not end within the grace period, and swallows the error that follows', async () => {
    const body = source(Infinity);
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    const abandon = vi.fn(() => body.fail(new Error('destroyed')));
    try {
      drainAfterEnd(body.iterator, abandon, 30);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(abandon).not.toHaveBeenCalled();
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(abandon).toHaveBeenCalledTimes(1);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
