import { afterAll, describe, expect, it } from 'vitest';
import { TypedEmitter } from '../core/typed-event.js';
import type { AttemptEvent } from '../observability/gateway-events.js';
import { createRedisSharedState } from './redis-shared-state.js';
import { deleteRedisPrefix, freshRedisPrefix, redisSkipReason, TEST_REDIS_URL } from './redis-test-support.js';
import { shareAttempts } from './share-attempts.js';

const skip = await redisSkipReason();
const prefix = freshRedisPrefix('attempts');

afterAll(async () => {
  if (!skip) await deleteRedisPrefix(prefix);
});

const attempt = (outcome: AttemptEvent['outcome']): AttemptEvent => ({
  at: Date.now(),
  provider: 'primary',
  model: 'claude-x',
  key: 'key-1 …0001',
  outcome,
  ...(outcome === 'failure' ? { failureClass: 'overloaded' as const, status: 529, origin: 'upstream' as const } : {}),
  durationMs: 12,
  stream: false,
  source: 'traffic',
});

describe.skipIf(skip !== undefined)(`fleet attempts through Redis${skip ? ` (skipped: ${skip.reason})` : ''}`, () => {
  it('hands every attempt one instance sent to the others, and not the ones it skipped', async () => {
    const [first, second] = [createRedisSharedState({ url: TEST_REDIS_URL, prefix, countFlushMs: 10 }), createRedisSharedState({ url: TEST_REDIS_URL, prefix, countFlushMs: 10 })];
    const events = new TypedEmitter<AttemptEvent>();
    const sharing = shareAttempts({ onAttemptEnd: events.event }, first);
    const hearing = shareAttempts({ onAttemptEnd: new TypedEmitter<AttemptEvent>().event }, second);
    try {
      await Promise.all([first.ready(3_000), second.ready(3_000)]);
      const heard: AttemptEvent[] = [];
      hearing.onRemoteAttempt((event) => heard.push(event));
      const ownEcho: AttemptEvent[] = [];
      sharing.onRemoteAttempt((event) => ownEcho.push(event));
      events.emit(attempt('failure'));
      events.emit(attempt('skipped'));
      events.emit(attempt('success'));
      await expect.poll(() => heard.length, { timeout: 3_000 }).toBe(2);
      expect(heard.map((event) => event.outcome)).toEqual(['failure', 'success']);
      expect(heard[0]).toMatchObject({ provider: 'primary', failureClass: 'overloaded', status: 529 });
      expect(ownEcho).toEqual([]);
    } finally {
      sharing.dispose();
      hearing.dispose();
      await Promise.all([first.close(), second.close()]);
    }
  });
});
