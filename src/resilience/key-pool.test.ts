import { beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../core/clock.js';
import { DEFAULT_KEY_COOLDOWNS, KeyPool } from './key-pool.js';

interface TestKey {
  label: string;
  secret: string;
}

let nowMs: number;
const clock: Clock = { now: () => nowMs };
const keys: TestKey[] = ['key-1 …aaaa', 'key-2 …bbbb', 'key-3 …cccc'].map((label, index) => ({ label, secret: `sk-secret-${index}` }));

beforeEach(() => {
  nowMs = 10_000_000;
});

const labels = (picked: TestKey[]): string[] => picked.map((key) => key.label);

describe('KeyPool', () => {
  it('rotates keys round-robin while none was throttled, so load spreads', () => {
    const pool = new KeyPool(keys, { clock });
    expect(labels(pool.pick())).toEqual(['key-1 …aaaa', 'key-2 …bbbb', 'key-3 …cccc']);
    expect(labels(pool.pick())).toEqual(['key-2 …bbbb', 'key-3 …cccc', 'key-1 …aaaa']);
    expect(labels(pool.pick())).toEqual(['key-3 …cccc', 'key-1 …aaaa', 'key-2 …bbbb']);
    expect(labels(pool.pick())).toEqual(['key-1 …aaaa', 'key-2 …bbbb', 'key-3 …cccc']);
  });

  it('leaves cooling keys out and puts recently throttled keys last', () => {
    const pool = new KeyPool(keys, { clock });
    pool.cooldown('key-1 …aaaa', { reason: 'rate_limited', untilMs: nowMs + 1_000 });
    nowMs += 100;
    pool.cooldown('key-2 …bbbb', { reason: 'rate_limited', untilMs: nowMs + 5_000 });
    expect(labels(pool.pick())).toEqual(['key-3 …cccc']);
    nowMs += 1_000;
    // key-1 is usable again but was throttled more recently than key-3 ever was.
    expect(labels(pool.pick())).toEqual(['key-3 …cccc', 'key-1 …aaaa']);
    nowMs += 5_000;
    expect(labels(pool.pick())).toEqual(['key-3 …cccc', 'key-1 …aaaa', 'key-2 …bbbb']);
  });

  it('uses the provider time for rate limits and the short default without one', () => {
    const pool = new KeyPool(keys, { clock });
    pool.cooldown('key-1 …aaaa', { reason: 'rate_limited', untilMs: nowMs + 7_000 });
    pool.cooldown('key-2 …bbbb', { reason: 'rate_limited' });
    expect(pool.states()).toEqual([
      { label: 'key-1 …aaaa', status: 'cooling', reason: 'rate_limited', untilMs: nowMs + 7_000 },
      { label: 'key-2 …bbbb', status: 'cooling', reason: 'rate_limited', untilMs: nowMs + DEFAULT_KEY_COOLDOWNS.rateLimitCooldownMs },
      { label: 'key-3 …cccc', status: 'available' },
    ]);
  });

  it('cools keys down for a long time on auth and quota, by configured defaults', () => {
    const pool = new KeyPool(keys, { clock, cooldowns: { quotaCooldownMs: 60_000 } });
    pool.cooldown('key-1 …aaaa', { reason: 'auth' });
    pool.cooldown('key-2 …bbbb', { reason: 'quota' });
    expect(pool.states()).toMatchObject([
      { status: 'cooling', reason: 'auth', untilMs: nowMs + 3_600_000 },
      { status: 'cooling', reason: 'quota', untilMs: nowMs + 60_000 },
      { status: 'available' },
    ]);
    expect(pool.defaultCooldownMs('auth')).toBe(3_600_000);
    expect(pool.defaultCooldownMs('quota')).toBe(60_000);
    expect(pool.defaultCooldownMs('rate_limited')).toBe(30_000);
  });

  it('never shortens a longer cooldown (a late 429 does not revive a key disabled for auth)', () => {
    const pool = new KeyPool(keys, { clock });
    pool.cooldown('key-1 …aaaa', { reason: 'auth' });
    pool.cooldown('key-1 …aaaa', { reason: 'rate_limited', untilMs: nowMs + 1_000 });
    expect(pool.states()[0]).toEqual({ label: 'key-1 …aaaa', status: 'cooling', reason: 'auth', untilMs: nowMs + 3_600_000 });
    pool.cooldown('key-2 …bbbb', { reason: 'rate_limited', untilMs: nowMs + 1_000 });
    pool.cooldown('key-2 …bbbb', { reason: 'quota' });
    expect(pool.states()[1]).toMatchObject({ reason: 'quota', untilMs: nowMs + 900_000 });
  });

  it('clears a cooldown on success', () => {
    const pool = new KeyPool(keys, { clock });
    pool.cooldown('key-2 …bbbb', { reason: 'quota' });
    pool.recordSuccess('key-2 …bbbb');
    expect(pool.states()[1]).toEqual({ label: 'key-2 …bbbb', status: 'available' });
    expect(labels(pool.pick())).toContain('key-2 …bbbb');
  });

  it('reports when the first key comes back once all are cooling', () => {
    const pool = new KeyPool(keys, { clock });
    expect(pool.nextAvailableAt()).toBeUndefined();
    pool.cooldown('key-1 …aaaa', { reason: 'rate_limited', untilMs: nowMs + 9_000 });
    pool.cooldown('key-2 …bbbb', { reason: 'rate_limited', untilMs: nowMs + 4_000 });
    pool.cooldown('key-3 …cccc', { reason: 'auth' });
    expect(pool.pick()).toEqual([]);
    expect(pool.nextAvailableAt()).toBe(nowMs + 4_000);
  });

  it('never exposes a secret in its states', () => {
    const pool = new KeyPool(keys, { clock });
    pool.cooldown('key-1 …aaaa', { reason: 'auth' });
    expect(JSON.stringify(pool.states())).not.toContain('sk-secret');
  });

  it('ignores unknown labels and refuses duplicate ones', () => {
    const pool = new KeyPool(keys, { clock });
    expect(pool.cooldown('key-9 …zzzz', { reason: 'auth' })).toBe(false);
    expect(() => new KeyPool([keys[0]!, keys[0]!], { clock })).toThrow(RangeError);
    expect(new KeyPool<TestKey>([], { clock }).pick()).toEqual([]);
  });
});
