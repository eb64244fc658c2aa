import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createRedisSharedState } from './redis-shared-state.js';
import { deleteRedisPrefix, freshRedisPrefix, redisSkipReason, startOwnRedisServer, TEST_REDIS_URL } from './redis-test-support.js';
import type { SharedState } from './shared-state.js';
import { count, next, until } from './shared-state-test-helpers.js';

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


// What every shared state must do is in shared-state-conformance.test.ts; here only what is Redis's own.
describe.skipIf(skip !== undefined)(`Redis shared state${skip ? ` (skipped: ${skip.reason})` : ''}`, () => {
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
