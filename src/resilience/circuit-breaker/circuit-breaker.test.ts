import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock, type Clock } from '../../core/clock.js';
import type { BreakerAlgorithm } from './breaker-algorithm.js';
import { CircuitBreaker, type BreakerEvent } from './circuit-breaker.js';
import { ConsecutiveFailures } from './consecutive-failures.js';
import { FailureRate } from './failure-rate.js';

const KEY = 'target:anthropic/claude-x';
let nowMs: number;
const clock: Clock = { now: () => nowMs };

beforeEach(() => {
  nowMs = 1_000_000;
});

function createBreaker(algorithm: BreakerAlgorithm = new ConsecutiveFailures({ threshold: 3 })): CircuitBreaker {
  return new CircuitBreaker({ key: KEY, algorithm, baseEjectionTimeMs: 10_000, maxEjectionTimeMs: 35_000, clock });
}

function fail(breaker: CircuitBreaker, times: number): void {
  for (let call = 0; call < times; call++) breaker.recordFailure();
}

function recordEvents(breaker: CircuitBreaker): Array<[string, BreakerEvent]> {
  const events: Array<[string, BreakerEvent]> = [];
  breaker.onBreak((event) => events.push(['break', event]));
  breaker.onHalfOpen((event) => events.push(['half-open', event]));
  breaker.onReset((event) => events.push(['reset', event]));
  return events;
}

describe('CircuitBreaker', () => {
  it('announces every change of state on onTransition, shared ones too, and its own moves only on onBreak/onHalfOpen/onReset', () => {
    const breaker = createBreaker(new ConsecutiveFailures({ threshold: 1 }));
    const own = recordEvents(breaker);
    const transitions: string[] = [];
    breaker.onTransition((event) => transitions.push(event.state.state));
    fail(breaker, 1);
    breaker.recordRecoveryEvidence();
    breaker.tryAcquire();
    breaker.recordSuccess();
    // Another instance opened it: health must hear it, shared state must not spread it again.
    breaker.applyShared({ state: 'open', openedAt: nowMs, reopenAt: nowMs + 10_000, openCount: 1 });
    breaker.applyShared({ state: 'open', openedAt: nowMs, reopenAt: nowMs + 20_000, openCount: 2 });
    expect(transitions).toEqual(['open', 'half-open', 'closed', 'open']);
    expect(own.map(([name]) => name)).toEqual(['break', 'half-open', 'reset']);
  });

  it('starts closed and allows calls', () => {
    const breaker = createBreaker();
    expect(breaker.state).toEqual({ state: 'closed' });
    expect(breaker.tryAcquire()).toBe('allowed');
  });

  it('opens on N consecutive failures', () => {
    const breaker = createBreaker();
    fail(breaker, 2);
    expect(breaker.state.state).toBe('closed');
    fail(breaker, 1);
    expect(breaker.state).toEqual({ state: 'open', openedAt: nowMs, reopenAt: nowMs + 10_000, openCount: 1 });
  });

  it('opens on failure rate only above the minimum volume', () => {
    const breaker = createBreaker(new FailureRate({ thresholdPercent: 50, minimumVolume: 10, windowMs: 30_000 }));
    for (let call = 0; call < 4; call++) breaker.recordSuccess();
    fail(breaker, 5);
    expect(breaker.state.state).toBe('closed');
    fail(breaker, 1);
    expect(breaker.state.state).toBe('open');
  });

  it('rejects while open without cost: no state change, no event, no algorithm call', () => {
    const algorithm = new ConsecutiveFailures({ threshold: 1 });
    const breaker = createBreaker(algorithm);
    fail(breaker, 1);
    const opened = breaker.state;
    const events = recordEvents(breaker);
    const spies = [vi.spyOn(algorithm, 'recordFailure'), vi.spyOn(algorithm, 'recordSuccess'), vi.spyOn(algorithm, 'shouldOpen')];
    for (let call = 0; call < 100; call++) {
      nowMs += 99;
      expect(breaker.tryAcquire()).toBe('rejected');
    }
    expect(breaker.state).toEqual(opened);
    expect(events).toEqual([]);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('ignores outcomes reported while open (calls admitted before it opened)', () => {
    const breaker = createBreaker(new ConsecutiveFailures({ threshold: 1 }));
    fail(breaker, 1);
    const opened = breaker.state;
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.state).toEqual(opened);
  });

  it('goes half-open after the cooldown and lets exactly one probe through', () => {
    const breaker = createBreaker(new ConsecutiveFailures({ threshold: 1 }));
    fail(breaker, 1);
    nowMs += 9_999;
    expect(breaker.tryAcquire()).toBe('rejected');
    nowMs += 1;
    expect(breaker.tryAcquire()).toBe('probe');
    expect(breaker.state).toEqual({ state: 'half-open', openCount: 1, probeInFlight: true, probeStartedAt: nowMs });
    for (let call = 0; call < 5; call++) expect(breaker.tryAcquire()).toBe('rejected');
  });

  it('closes when the probe succeeds', () => {
    const breaker = createBreaker(new ConsecutiveFailures({ threshold: 2 }));
    fail(breaker, 2);
    nowMs += 10_000;
    expect(breaker.tryAcquire()).toBe('probe');
    breaker.recordSuccess();
    expect(breaker.state).toEqual({ state: 'closed' });
    expect(breaker.tryAcquire()).toBe('allowed');
    // The algorithm restarted: one new failure is not enough to reopen.
    fail(breaker, 1);
    expect(breaker.state.state).toBe('closed');
  });

  it('reopens with a doubled cooldown while probes fail, capped at the maximum', () => {
    const breaker = createBreaker(new ConsecutiveFailures({ threshold: 1 }));
    fail(breaker, 1);
    const cooldowns: number[] = [];
    for (let round = 0; round < 4; round++) {
      const state = breaker.state;
      if (state.state !== 'open') throw new Error(`expected open, got ${state.state}`);
      cooldowns.push(state.reopenAt - state.openedAt);
      nowMs = state.reopenAt;
      expect(breaker.tryAcquire()).toBe('probe');
      breaker.recordFailure();
    }
    expect(cooldowns).toEqual([10_000, 20_000, 35_000, 35_000]);
    expect(breaker.state).toMatchObject({ state: 'open', openCount: 5 });
    expect(breaker.ejectionTimeMs(3)).toBe(35_000);
  });

  it('starts the cooldown over at the base after it closed again', () => {
    const breaker = createBreaker(new ConsecutiveFailures({ threshold: 1 }));
    fail(breaker, 1);
    nowMs += 10_000;
    breaker.tryAcquire();
    breaker.recordFailure();
    nowMs += 20_000;
    breaker.tryAcquire();
    breaker.recordSuccess();
    fail(breaker, 1);
    expect(breaker.state).toMatchObject({ state: 'open', openCount: 1, reopenAt: nowMs + 10_000 });
  });

  it('fires each event once per transition, with the key and the new state', () => {
    const breaker = createBreaker(new ConsecutiveFailures({ threshold: 2 }));
    const events = recordEvents(breaker);
    fail(breaker, 5);
    nowMs += 10_000;
    breaker.tryAcquire();
    breaker.tryAcquire();
    breaker.recordFailure();
    nowMs += 20_000;
    breaker.tryAcquire();
    breaker.recordSuccess();
    breaker.recordSuccess();
    expect(events.map(([name, event]) => [name, event.key, event.state.state])).toEqual([
      ['break', KEY, 'open'],
      ['half-open', KEY, 'half-open'],
      ['break', KEY, 'open'],
      ['half-open', KEY, 'half-open'],
      ['reset', KEY, 'closed'],
    ]);
    expect(events[2]?.[1].state).toMatchObject({ openCount: 2 });
  });

  it('frees the probe slot on release() without deciding anything', () => {
    const breaker = createBreaker(new ConsecutiveFailures({ threshold: 1 }));
    fail(breaker, 1);
    nowMs += 10_000;
    expect(breaker.tryAcquire()).toBe('probe');
    breaker.release();
    expect(breaker.state).toEqual({ state: 'half-open', openCount: 1, probeInFlight: false });
    expect(breaker.tryAcquire()).toBe('probe');
  });

  it('lets another probe through when the first never reports within probeTimeoutMs', () => {
    const breaker = new CircuitBreaker({
      key: KEY, algorithm: new ConsecutiveFailures({ threshold: 1 }), baseEjectionTimeMs: 1_000, probeTimeoutMs: 5_000, clock,
    });
    breaker.recordFailure();
    nowMs += 1_000;
    expect(breaker.tryAcquire()).toBe('probe');
    nowMs += 4_999;
    expect(breaker.tryAcquire()).toBe('rejected');
    nowMs += 1;
    expect(breaker.tryAcquire()).toBe('probe');
  });

  it('round-trips through JSON', () => {
    const breaker = createBreaker(new ConsecutiveFailures({ threshold: 1 }));
    fail(breaker, 1);
    const stored = JSON.parse(JSON.stringify(breaker)) as unknown;
    expect(stored).toEqual({ key: KEY, state: { state: 'open', openedAt: nowMs, reopenAt: nowMs + 10_000, openCount: 1 } });
    const restored = CircuitBreaker.fromJSON(stored, { algorithm: new ConsecutiveFailures({ threshold: 1 }), baseEjectionTimeMs: 10_000, clock });
    expect(restored.key).toBe(KEY);
    expect(restored.state).toEqual(breaker.state);
    expect(restored.tryAcquire()).toBe('rejected');
    nowMs += 10_000;
    expect(restored.tryAcquire()).toBe('probe');
    // A half-open breaker with its probe in flight survives the trip as well.
    const halfOpen = CircuitBreaker.fromJSON(JSON.parse(JSON.stringify(restored)), { algorithm: new ConsecutiveFailures({ threshold: 1 }), clock });
    expect(halfOpen.state).toEqual({ state: 'half-open', openCount: 1, probeInFlight: true, probeStartedAt: nowMs });
    expect(halfOpen.tryAcquire()).toBe('rejected');
  });

  it('refuses malformed stored state', () => {
    const options = { algorithm: new ConsecutiveFailures({ threshold: 1 }), clock };
    expect(() => CircuitBreaker.fromJSON({ key: KEY, state: { state: 'open' } }, options)).toThrow();
    expect(() => CircuitBreaker.fromJSON({ key: KEY, state: { state: 'ajar' } }, options)).toThrow();
  });

  it('hands out a copy of its state', () => {
    const breaker = createBreaker();
    const state = breaker.state as { state: string };
    state.state = 'open';
    expect(breaker.state).toEqual({ state: 'closed' });
  });

  describe('with fake timers and the system clock', () => {
    beforeEach(() => {
      vi.useFakeTimers({ now: new Date('2025-01-01T00:00:00Z') });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('reaches half-open once the fake clock passes the ejection time', () => {
      const breaker = new CircuitBreaker({ key: KEY, algorithm: new ConsecutiveFailures({ threshold: 1 }), baseEjectionTimeMs: 30_000, clock: systemClock });
      breaker.recordFailure();
      vi.advanceTimersByTime(29_999);
      expect(breaker.tryAcquire()).toBe('rejected');
      vi.advanceTimersByTime(1);
      expect(breaker.tryAcquire()).toBe('probe');
    });
  });

  it('goes half-open at once on recovery evidence, however long its ejection had grown', () => {
    const breaker = createBreaker();
    const events = recordEvents(breaker);
    fail(breaker, 3);
    // Two failed trials grow the ejection to its cap.
    for (let trial = 0; trial < 2; trial++) {
      nowMs = breaker.state.state === 'open' ? breaker.state.reopenAt : nowMs;
      expect(breaker.tryAcquire()).toBe('probe');
      breaker.recordFailure();
    }
    expect(breaker.state).toMatchObject({ state: 'open', openCount: 3, reopenAt: nowMs + 35_000 });
    nowMs += 1_000;
    breaker.recordRecoveryEvidence();
    expect(breaker.state).toEqual({ state: 'half-open', openCount: 3, probeInFlight: false });
    expect(breaker.tryAcquire()).toBe('probe');
    breaker.recordSuccess();
    expect(breaker.state).toEqual({ state: 'closed' });
    expect(events.map(([name]) => name)).toEqual(['break', 'half-open', 'break', 'half-open', 'break', 'half-open', 'reset']);
  });

  it('ignores recovery evidence while closed or while a trial is in flight', () => {
    const breaker = createBreaker();
    breaker.recordRecoveryEvidence();
    expect(breaker.state).toEqual({ state: 'closed' });
    fail(breaker, 3);
    nowMs += 10_000;
    expect(breaker.tryAcquire()).toBe('probe');
    breaker.recordRecoveryEvidence();
    expect(breaker.state).toMatchObject({ state: 'half-open', probeInFlight: true });
  });
});
