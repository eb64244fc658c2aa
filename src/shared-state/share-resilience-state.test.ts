import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ResilienceState } from '../pipeline/resilience-state.js';
import { DEFAULT_RESILIENCE } from '../resilience/resilience-options.js';
import type { Subscription } from '../core/typed-event.js';
import { createInProcessSharedState } from './in-process-shared-state.js';
import { shareResilienceState } from './share-resilience-state.js';
import { sharedStateBackends, type SharedStateBackend } from './shared-state-backends.js';
import type { SharedState } from './shared-state.js';

const backends = await sharedStateBackends();
const cleanups: Array<() => Promise<void>> = [];
const KEYS = [{ label: 'key-1', secret: 'sk-test-key-0000000000001' }];
const TARGET = 'target:primary/model-a';

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  for (const backend of backends) await backend.cleanUp();
});

/** One instance's routing state, shared through `shared`. */
function instance(shared: SharedState): ResilienceState {
  const state = new ResilienceState(DEFAULT_RESILIENCE, [['primary', KEYS]]);
  const subscription: Subscription = shareResilienceState(state, shared);
  cleanups.push(async () => {
    subscription.dispose();
    await shared.close();
  });
  return state;
}

function fleetOf(backend: SharedStateBackend, size: number): { states: ResilienceState[]; shared: SharedState[] } {
  const group = backend.group('resilience');
  const shared = Array.from({ length: size }, () => group.join());
  return { states: shared.map(instance), shared };
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<number> {
  const startedAt = Date.now();
  while (!check()) {
    if (Date.now() - startedAt > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return Date.now() - startedAt;
}

function openBreaker(state: ResilienceState): void {
  const breaker = state.breakers.get(TARGET);
  for (let failure = 0; failure < DEFAULT_RESILIENCE.breaker.consecutive_failures; failure++) breaker.recordFailure();
  expect(breaker.state.state).toBe('open');
}

describe('shared resilience state, in process', () => {
  it('keeps two instances apart: a breaker opened by one is not seen by the other', () => {
    const [first, second] = [instance(createInProcessSharedState()), instance(createInProcessSharedState())];
    openBreaker(first);
    expect(second.breakers.get(TARGET).tryAcquire()).toBe('allowed');
  });
});

// The same behaviour whether a fleet shares through Redis or the workers of one machine through their primary.
for (const backend of backends) {
  describe.skipIf(backend.skip !== undefined)(`shared resilience state through ${backend.name}${backend.skip ? ` (skipped: ${backend.skip.reason})` : ''}`, () => {
    it('makes every instance reject a target within 1 s of one instance opening its breaker, and close it when the probe succeeds', async () => {
      const { states, shared } = fleetOf(backend, 3);
      await Promise.all(shared.map((state) => state.ready(3_000)));
      const [first, second, third] = states as [ResilienceState, ResilienceState, ResilienceState];
      openBreaker(first);
      const propagationMs = await until(() => second.breakers.get(TARGET).tryAcquire() === 'rejected' && third.breakers.get(TARGET).tryAcquire() === 'rejected', 1_000);
      expect(propagationMs).toBeLessThan(1_000);

      // Evidence of recovery on one instance (a passing active probe) lets the fleet's next call probe.
      first.breakers.get(TARGET).recordRecoveryEvidence();
      await until(() => second.breakers.get(TARGET).state.state === 'half-open');
      expect(second.breakers.get(TARGET).tryAcquire()).toBe('probe');
      second.breakers.get(TARGET).recordSuccess();
      await until(() => first.breakers.get(TARGET).state.state === 'closed' && third.breakers.get(TARGET).state.state === 'closed');
    });

    it('cools a key down on every instance, and a success anywhere makes it usable everywhere', async () => {
      const { states, shared } = fleetOf(backend, 2);
      await Promise.all(shared.map((state) => state.ready(3_000)));
      const [first, second] = states as [ResilienceState, ResilienceState];
      first.keyPool('primary').cooldown('key-1', { reason: 'rate_limited', untilMs: Date.now() + 60_000 });
      await until(() => second.keyPool('primary').pick().length === 0);
      expect(second.keyPool('primary').states()[0]).toMatchObject({ status: 'cooling', reason: 'rate_limited' });
      second.keyPool('primary').recordSuccess('key-1');
      await until(() => first.keyPool('primary').pick().length === 1);
    });

    it('spends one retry budget for the whole fleet', async () => {
      const { states, shared } = fleetOf(backend, 2);
      await Promise.all(shared.map((state) => state.ready(3_000)));
      const [first, second] = states as [ResilienceState, ResilienceState];
      // min_retries_per_window is 3: three retries anywhere leave none for anyone.
      for (let retry = 0; retry < 3; retry++) expect(first.retryBudget.tryAcquireRetry()).toBe(true);
      await until(() => second.retryBudget.snapshot().retries === 3);
      expect(second.retryBudget.tryAcquireRetry()).toBe(false);
      // Requests anywhere grow everyone's allowance (20% of 20 requests = 4 retries).
      for (let request = 0; request < 20; request++) second.retryBudget.recordRequest();
      await until(() => first.retryBudget.snapshot().requests === 20);
      expect(first.retryBudget.snapshot().allowedRetries).toBe(4);
    });

    it('lets an instance that starts later begin with the open breaker the fleet already has', async () => {
      const group = backend.group('late');
      const early = group.join();
      const first = instance(early);
      await early.ready(3_000);
      openBreaker(first);
      await until(() => early.status().pendingChanges === 0);
      const lateShared = group.join();
      const late = instance(lateShared);
      await lateShared.ready(3_000);
      expect(late.breakers.get(TARGET).tryAcquire()).toBe('rejected');
    });
  });
}
