import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LineBuffer } from './line-buffer.js';

function sink() {
  const writes: string[] = [];
  return { writes, write: (text: string) => writes.push(text) };
}

describe('LineBuffer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('holds lines until enough has gathered, then hands them over in one write', () => {
    const target = sink();
    const buffer = new LineBuffer(target, { minChars: 10, flushIntervalMs: 1_000 });
    buffer.write('abcd\n');
    expect(target.writes).toEqual([]);
    buffer.write('efgh\n');
    expect(target.writes).toEqual(['abcd\nefgh\n']);
    buffer.write('ijkl\n');
    expect(target.writes).toEqual(['abcd\nefgh\n']);
    buffer.close();
  });

  it('hands over what a quiet process logged within the interval', () => {
    const target = sink();
    const buffer = new LineBuffer(target, { minChars: 8_192, flushIntervalMs: 1_000 });
    buffer.write('one\n');
    vi.advanceTimersByTime(999);
    expect(target.writes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(target.writes).toEqual(['one\n']);
    vi.advanceTimersByTime(5_000);
    expect(target.writes).toEqual(['one\n']);
    buffer.close();
  });

  it('writes the rest on close, and nothing when nothing is left', () => {
    const target = sink();
    const buffer = new LineBuffer(target, { minChars: 8_192, flushIntervalMs: 1_000 });
    buffer.write('last\n');
    buffer.close();
    expect(target.writes).toEqual(['last\n']);
    buffer.flush();
    vi.advanceTimersByTime(5_000);
    expect(target.writes).toEqual(['last\n']);
  });
});
