import { describe, expect, it } from 'vitest';
import { createIdGenerator } from './create-id.js';

describe('createIdGenerator', () => {
  it('makes 12-character lowercase base36 ids', () => {
    const nextId = createIdGenerator({ now: () => Date.now() });
    expect(nextId()).toMatch(/^[0-9a-z]{12}$/);
  });

  it('sorts ids in creation order within one millisecond and when the clock steps back', () => {
    let nowMs = 1_700_000_000_000;
    const nextId = createIdGenerator({ now: () => nowMs });
    const ids: string[] = [];
    for (let index = 0; index < 1000; index += 1) ids.push(nextId());
    nowMs -= 5_000;
    ids.push(nextId());
    nowMs += 10_000;
    ids.push(nextId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('puts later times after earlier ones', () => {
    let nowMs = 1_000;
    const nextId = createIdGenerator({ now: () => nowMs });
    const first = nextId();
    nowMs = 2_000;
    expect(nextId() > first).toBe(true);
  });
});
