import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sharedStateBackends, type SharedStateBackend } from '../shared-state/shared-state-backends.js';
import type { SharedState } from '../shared-state/shared-state.js';
import { createSharedUsageCounters, type SharedUsageCounters } from './shared-usage-counters.js';

const backends = await sharedStateBackends();
const opened: Array<{ shared: SharedState; counters: SharedUsageCounters }> = [];

afterEach(async () => {
  for (const { shared, counters } of opened.splice(0)) {
    counters.dispose();
    await shared.close();
  }
});
afterAll(async () => {
  for (const backend of backends) await backend.cleanUp();
});

async function fleetOf(backend: SharedStateBackend, size: number): Promise<SharedUsageCounters[]> {
  const group = backend.group('usage');
  const members = Array.from({ length: size }, () => {
    const shared = group.join();
    return { shared, counters: createSharedUsageCounters(shared) };
  });
  opened.push(...members);
  await Promise.all(members.map(({ shared }) => shared.ready(3_000)));
  return members.map(({ counters }) => counters);
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// Through Redis (a fleet) and through the primary (the workers of one `lifeline start --workers N`).
for (const backend of backends) {
  describe.skipIf(backend.skip !== undefined)(`client-key budgets across instances through ${backend.name}${backend.skip ? ` (skipped: ${backend.skip.reason})` : ''}`, () => {
    it('refuses a key on one instance once its requests per minute were spent on the others', async () => {
      const [first, second, third] = (await fleetOf(backend, 3)) as [SharedUsageCounters, SharedUsageCounters, SharedUsageCounters];
      const now = Date.now();
      for (let request = 0; request < 3; request++) expect(first.takeRequest('ci', 6, now).allowed).toBe(true);
      for (let request = 0; request < 3; request++) expect(second.takeRequest('ci', 6, now).allowed).toBe(true);
      // The third instance hears of the six requests, and the seventh is refused there.
      let refusedAt: number | undefined;
      await until(() => {
        const decision = third.takeRequest('ci', 6, now);
        if (!decision.allowed) refusedAt = Date.now();
        return !decision.allowed;
      });
      expect(refusedAt).toBeDefined();
    });

    it('counts tokens spent on every instance against the key’s day, without counting the store’s seed twice', async () => {
      const [first, second] = (await fleetOf(backend, 2)) as [SharedUsageCounters, SharedUsageCounters];
      first.seedTokens('ci', '2026-12-03', 1_000);
      second.seedTokens('ci', '2026-12-03', 1_000);
      first.addTokens('ci', '2026-12-03', 150);
      await until(() => second.tokensSpent('ci', '2026-12-03') >= 150);
      expect(first.tokensSpent('ci', '2026-12-03')).toBe(1_150);
      second.addTokens('ci', '2026-12-03', 2_000);
      await until(() => first.tokensSpent('ci', '2026-12-03') === 2_150);
    });
  });
}
