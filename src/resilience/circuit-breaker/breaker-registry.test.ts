import { beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../core/clock.js';
import { DEFAULT_RESILIENCE } from '../resilience-options.js';
import { BreakerRegistry } from './breaker-registry.js';
import type { BreakerEvent } from './circuit-breaker.js';
import { ConsecutiveFailures } from './consecutive-failures.js';

let nowMs: number;
const clock: Clock = { now: () => nowMs };

beforeEach(() => {
  nowMs = 5_000_000;
});

function createRegistry(): BreakerRegistry {
  return new BreakerRegistry({ clock, baseEjectionTimeMs: 1_000, createAlgorithm: () => new ConsecutiveFailures({ threshold: 1 }) });
}

describe('BreakerRegistry', () => {
  it('creates one breaker per key on first use and returns the same one after', () => {
    const registry = createRegistry();
    expect(registry.has('target:anthropic/claude-x')).toBe(false);
    const breaker = registry.get('target:anthropic/claude-x');
    expect(registry.get('target:anthropic/claude-x')).toBe(breaker);
    expect(registry.get('key:anthropic/key-1 …abcd')).not.toBe(breaker);
    expect(registry.has('target:anthropic/claude-x')).toBe(true);
  });

  it('gives every breaker its own algorithm', () => {
    const registry = createRegistry();
    registry.get('target:a/x').recordFailure();
    expect(registry.get('target:a/x').state.state).toBe('open');
    expect(registry.get('target:b/y').state.state).toBe('closed');
  });

  it('lists every state sorted by key', () => {
    const registry = createRegistry();
    registry.get('target:openai/gpt');
    registry.get('target:anthropic/claude-x').recordFailure();
    expect(registry.states()).toEqual([
      { key: 'target:anthropic/claude-x', state: { state: 'open', openedAt: nowMs, reopenAt: nowMs + 1_000, openCount: 1 } },
      { key: 'target:openai/gpt', state: { state: 'closed' } },
    ]);
  });

  it('forwards the events of every breaker, including ones created after subscribing', () => {
    const registry = createRegistry();
    const events: Array<[string, BreakerEvent]> = [];
    registry.onBreak((event) => events.push(['break', event]));
    registry.onHalfOpen((event) => events.push(['half-open', event]));
    registry.onReset((event) => events.push(['reset', event]));
    const breaker = registry.get('target:a/x');
    breaker.recordFailure();
    nowMs += 1_000;
    breaker.tryAcquire();
    breaker.recordSuccess();
    registry.get('target:b/y').recordFailure();
    expect(events.map(([name, event]) => `${name} ${event.key}`)).toEqual(['break target:a/x', 'half-open target:a/x', 'reset target:a/x', 'break target:b/y']);
  });

  it('restores stored snapshots, and the replaced breaker no longer reports here', () => {
    const registry = createRegistry();
    const replaced = registry.get('target:a/x');
    const stored = JSON.parse(JSON.stringify({ key: 'target:a/x', state: { state: 'open', openedAt: nowMs, reopenAt: nowMs + 500, openCount: 2 } })) as unknown;
    const events: string[] = [];
    registry.onBreak((event) => events.push(event.key));
    const restored = registry.restore(stored);
    expect(registry.get('target:a/x')).toBe(restored);
    expect(restored.tryAcquire()).toBe('rejected');
    replaced.recordFailure();
    expect(events).toEqual([]);
    nowMs += 500;
    expect(restored.tryAcquire()).toBe('probe');
    restored.recordFailure();
    expect(events).toEqual(['target:a/x']);
    // openCount 3 → 1 000 × 2² = 4 000 ms
    expect(restored.state).toMatchObject({ state: 'open', openCount: 3, reopenAt: nowMs + 4_000 });
  });

  it('forgets a breaker, open ones included: gone from states, its events no longer forwarded', () => {
    const registry = createRegistry();
    const forgotten = registry.get('target:a/dropped');
    forgotten.recordFailure();
    registry.get('target:a/kept');
    const events: string[] = [];
    registry.onBreak((event) => events.push(event.key));
    registry.forget('target:a/dropped');
    registry.forget('target:a/never-seen');
    expect(registry.states().map((snapshot) => snapshot.key)).toEqual(['target:a/kept']);
    nowMs += 60_000;
    forgotten.tryAcquire();
    forgotten.recordFailure();
    expect(events).toEqual([]);
    expect(registry.get('target:a/dropped')).not.toBe(forgotten);
    expect(registry.get('target:a/dropped').state.state).toBe('closed');
  });

  it('builds from the resilience options: consecutive failures or failure rate', () => {
    const registry = BreakerRegistry.fromOptions({ ...DEFAULT_RESILIENCE.breaker, consecutive_failures: 3, minimum_volume: 4, failure_rate_percent: 50 }, clock);
    const consecutive = registry.get('target:a/x');
    for (let call = 0; call < 3; call++) consecutive.recordFailure();
    expect(consecutive.state).toMatchObject({ state: 'open', reopenAt: nowMs + DEFAULT_RESILIENCE.breaker.base_ejection_time_ms });
    const byRate = registry.get('target:b/y');
    byRate.recordFailure();
    byRate.recordSuccess();
    byRate.recordFailure();
    expect(byRate.state.state).toBe('closed');
    byRate.recordSuccess();
    expect(byRate.state.state).toBe('closed');
    byRate.recordFailure();
    expect(byRate.state.state).toBe('open');
  });
});
