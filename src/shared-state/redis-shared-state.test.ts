import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createRedisSharedState } from './redis-shared-state.js';
import { deleteRedisPrefix, freshRedisPrefix, redisSkipReason, startOwnRedisServer, TEST_REDIS_URL } from './redis-test-support.js';
import type { CountChange, RegisterChange, SharedState } from './shared-state.js';

const skip = await redisSkipReason();
const prefixes: string[] = [];
const opened: SharedState[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((state) => state.close()));
});
afterAll(async () => {
  if (!skip) for (const prefix of prefixes) await deleteRedisPrefix(prefix);
});

function open(prefix: string, url = TEST_REDIS_URL): SharedState {
  const state = createRedisSharedState({ url, prefix, countFlushMs: 10 });
  opened.push(state);
  return state;
}

function newPrefix(): string {
  const prefix = freshRedisPrefix('shared-state');
  prefixes.push(prefix);
  return prefix;
}

/** Resolves with the first event `predicate` accepts. */
function next<Event>(subscribe: (listener: (event: Event) => void) => { dispose(): void }, predicate: (event: Event) => boolean, timeoutMs = 3_000): Promise<Event> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error('no matching event in time'));
    }, timeoutMs);
    const subscription = subscribe((event) => {
      if (!predicate(event)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(event);
    });
  });
}

const count = (amount: number, name = 'ci'): CountChange => ({ family: 'client-rpm', bucket: '60000', name, amount, ttlMs: 60_000 });

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(skip !== undefined)(`Redis shared state${skip ? ` (skipped: ${skip.reason})` : ''}`, () => {
  it('tells the other instance of a register change and never echoes it to the instance that made it', async () => {
    const prefix = newPrefix();
    const [first, second] = [open(prefix), open(prefix)];
    await Promise.all([first.ready(3_000), second.ready(3_000)]);
    expect(first.status().mode).toBe('shared');
    const echoed: RegisterChange[] = [];
    first.onRegister((change) => echoed.push(change));
    const heard = next(second.onRegister, (change) => change.name === 'breaker:target:a/m');
    first.setRegister('breaker:target:a/m', { state: 'closed' }, 1_000);
    expect(await heard).toMatchObject({ name: 'breaker:target:a/m', value: { state: 'closed' }, at: 1_000, origin: first.instanceId });
    expect(echoed).toEqual([]);
  });

  it('keeps the newest value when two instances write the same register, whatever order the writes land in', async () => {
    const prefix = newPrefix();
    const [first, second] = [open(prefix), open(prefix)];
    await Promise.all([first.ready(3_000), second.ready(3_000)]);
    second.setRegister('cooldown:p/k', { untilMs: 9, reason: 'rate_limited' }, 2_000);
    first.setRegister('cooldown:p/k', null, 1_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // An instance that joins now reads the newer write, not the last one sent.
    const late = open(prefix);
    const seen: RegisterChange[] = [];
    late.onRegister((change) => seen.push(change));
    await late.ready(3_000);
    expect(seen.filter((change) => change.name === 'cooldown:p/k')).toEqual([expect.objectContaining({ at: 2_000, value: { untilMs: 9, reason: 'rate_limited' } })]);
  });

  it('shares counts, and a late instance reads the totals so far without counting its own twice', async () => {
    const prefix = newPrefix();
    const [first, second] = [open(prefix), open(prefix)];
    await Promise.all([first.ready(3_000), second.ready(3_000)]);
    let heardBySecond = 0;
    second.onCount((change) => (heardBySecond += change.amount));
    for (let index = 0; index < 5; index++) first.addCount(count(1));
    second.addCount(count(2));
    await until(() => heardBySecond === 5);
    const late = open(prefix);
    let heardByLate = 0;
    late.onCount((change) => (heardByLate += change.amount));
    await late.ready(3_000);
    expect(heardByLate).toBe(7);
  });

  it('reports local mode while its Redis is gone, keeps changes, and rejoins with them when it returns', async () => {
    const redis = await startOwnRedisServer();
    const prefix = newPrefix();
    try {
      const [first, second] = [open(prefix, redis.url), open(prefix, redis.url)];
      await Promise.all([first.ready(3_000), second.ready(3_000)]);
      await redis.kill();
      await until(() => first.status().mode === 'local' && second.status().mode === 'local');
      expect(first.status().reason).toMatch(/Redis unreachable/);
      // Decided while apart: the write waits, and the call still returns at once.
      first.setRegister('breaker:target:a/m', { state: 'open', openedAt: 5, reopenAt: 10, openCount: 1 }, 5_000);
      first.addCount(count(3, 'outage'));
      expect(first.status().pendingChanges).toBeGreaterThan(0);
      const heard = next(second.onRegister, (change) => change.name === 'breaker:target:a/m', 15_000);
      let counted = 0;
      second.onCount((change) => (change.name === 'outage' ? (counted += change.amount) : undefined));
      await redis.restart();
      expect((await heard).value).toMatchObject({ state: 'open' });
      await until(() => first.status().mode === 'shared' && second.status().mode === 'shared', 10_000);
      await until(() => counted === 3);
      expect(first.status().pendingChanges).toBe(0);
    } finally {
      await Promise.all(opened.splice(0).map((state) => state.close()));
      await redis.kill();
    }
  }, 30_000);

  it('starts in local mode when Redis is unreachable, without waiting longer than asked', async () => {
    const redis = await startOwnRedisServer();
    await redis.kill();
    const state = open(newPrefix(), redis.url);
    const startedAt = Date.now();
    await state.ready(300);
    expect(Date.now() - startedAt).toBeLessThan(3_000);
    await until(() => state.status().mode === 'local');
    state.setRegister('breaker:target:a/m', { state: 'closed' }, 1);
    expect(state.status().pendingChanges).toBe(1);
  });
});
