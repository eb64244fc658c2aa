import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sharedStateBackends, type SharedStateBackend } from './shared-state-backends.js';
import type { RegisterChange, SharedState } from './shared-state.js';
import { count, next, until } from './shared-state-test-helpers.js';

/**
 * What every shared state does alike, whether the fleet shares through Redis or the workers of
 * one `lifeline start --workers N` through their primary: changes reach the others and never
 * echo, the newest register wins, and a late member starts from the totals so far.
 */

const backends = await sharedStateBackends();
const opened: SharedState[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((state) => state.close()));
});
afterAll(async () => {
  for (const backend of backends) await backend.cleanUp();
});

/** A new group of `backend`; each call of the result is one more member. */
function open(backend: SharedStateBackend): () => SharedState {
  const group = backend.group('conformance');
  return () => {
    const state = group.join();
    opened.push(state);
    return state;
  };
}


for (const backend of backends) {
  describe.skipIf(backend.skip !== undefined)(`shared state conformance: ${backend.name}${backend.skip ? ` (skipped: ${backend.skip.reason})` : ''}`, () => {
    it('tells the other instance of a register change and never echoes it to the instance that made it', async () => {
      const group = open(backend);
      const [first, second] = [group(), group()];
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
      const group = open(backend);
      const [first, second] = [group(), group()];
      await Promise.all([first.ready(3_000), second.ready(3_000)]);
      second.setRegister('cooldown:p/k', { untilMs: 9, reason: 'rate_limited' }, 2_000);
      first.setRegister('cooldown:p/k', null, 1_000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      // An instance that joins now reads the newer write, not the last one sent.
      const late = group();
      const seen: RegisterChange[] = [];
      late.onRegister((change) => seen.push(change));
      await late.ready(3_000);
      expect(seen.filter((change) => change.name === 'cooldown:p/k')).toEqual([expect.objectContaining({ at: 2_000, value: { untilMs: 9, reason: 'rate_limited' } })]);
    });

    it('shares counts, and a late instance reads the totals so far without counting its own twice', async () => {
      const group = open(backend);
      const [first, second] = [group(), group()];
      await Promise.all([first.ready(3_000), second.ready(3_000)]);
      let heardBySecond = 0;
      second.onCount((change) => (heardBySecond += change.amount));
      for (let index = 0; index < 5; index++) first.addCount(count(1));
      second.addCount(count(2));
      await until(() => heardBySecond === 5);
      const late = group();
      let heardByLate = 0;
      late.onCount((change) => (heardByLate += change.amount));
      await late.ready(3_000);
      expect(heardByLate).toBe(7);
    });

    it('shares broadcasts with the others, never with the member that sent them', async () => {
      const group = open(backend);
      const [first, second] = [group(), group()];
      await Promise.all([first.ready(3_000), second.ready(3_000)]);
      const echoed: unknown[] = [];
      first.onBroadcast((message) => echoed.push(message));
      const heard = next(second.onBroadcast, (message) => message.topic === 'attempt');
      first.broadcast({ topic: 'attempt', payload: { outcome: 'failure' } });
      expect(await heard).toEqual({ topic: 'attempt', payload: { outcome: 'failure' } });
      expect(echoed).toEqual([]);
    });
  });
}
