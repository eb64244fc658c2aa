import { describe, expect, it } from 'vitest';
import type { AttemptEvent } from '../observability/gateway-events.js';
import { assessTarget } from './assess-target.js';
import { DEFAULT_HEALTH } from './health-config.js';
import { PassiveSignals } from './passive-signals.js';

const NOW = 1_800_000_000_000;
const TARGET = 'target:anthropic/opus';

/** `count` attempts spread evenly over [from, to) seconds before NOW. */
function spread(count: number, from: number, to: number, outcome: AttemptEvent['outcome']): AttemptEvent[] {
  return Array.from({ length: count }, (_, index) => ({
    at: NOW - from * 1000 + ((from - to) * 1000 * index) / count,
    provider: 'anthropic',
    model: 'opus',
    outcome,
    ...(outcome === 'success' ? {} : { failureClass: 'overloaded' as const, origin: 'upstream' as const }),
    durationMs: outcome === 'skipped' ? 0 : 500,
    stream: false,
    source: 'traffic' as const,
  }));
}

/**
 * A busy target fails every request from 8 s ago: five failures open its breaker, and from then
 * on the breaker turns the traffic (20 requests/s) away.
 */
function hardOutageUnderTraffic(): PassiveSignals {
  const signals = new PassiveSignals({ windowMs: DEFAULT_HEALTH.window_ms, baselineWindowMs: DEFAULT_HEALTH.baseline_window_ms });
  for (const event of [...spread(440, 30, 8, 'success'), ...spread(5, 8, 7.8, 'failure'), ...spread(150, 7.5, 0, 'skipped')]) signals.recordAttempt(event);
  return signals;
}

describe('assessTarget with an open breaker', () => {
  it('counts requests the open breaker turned away as failed: a hard outage under traffic is a major outage', () => {
    const assessment = assessTarget({ id: TARGET, now: NOW, config: DEFAULT_HEALTH, signals: hardOutageUnderTraffic(), breaker: 'open' });
    expect(assessment.health).toEqual({ state: 'ejected', extent: 'total' });
    expect(assessment.reason).toMatch(/circuit open after overloaded/);
  });

  it('without the open breaker the same window is judged on the requests sent (the turned-away ones are history)', () => {
    const assessment = assessTarget({ id: TARGET, now: NOW, config: DEFAULT_HEALTH, signals: hardOutageUnderTraffic(), breaker: 'half-open' });
    // 5 failures among the 45 requests sent in the last 10 s: degraded, far from the real picture.
    expect(assessment.health).toEqual({ state: 'degraded' });
  });

  it('an open breaker alone (no failures in the window) still means partial_outage, not more', () => {
    const signals = new PassiveSignals({ windowMs: DEFAULT_HEALTH.window_ms, baselineWindowMs: DEFAULT_HEALTH.baseline_window_ms });
    for (const event of [...spread(100, 30, 10, 'success'), ...spread(50, 10, 0, 'skipped')]) signals.recordAttempt(event);
    const assessment = assessTarget({ id: TARGET, now: NOW, config: DEFAULT_HEALTH, signals, breaker: 'open' });
    expect(assessment.health).toEqual({ state: 'ejected', extent: 'partial' });
  });
});

describe('assessTarget hysteresis while failing', () => {
  it('keeps a major outage while nothing has answered since: a half-open breaker and an ageing window do not make it partial', () => {
    const signals = hardOutageUnderTraffic();
    const open = assessTarget({ id: TARGET, now: NOW, config: DEFAULT_HEALTH, signals, breaker: 'open' });
    expect(open.health).toEqual({ state: 'ejected', extent: 'total' });
    // The breaker lets one trial through: without the turned-away requests the raw rate is low, but nothing answered.
    const halfOpen = assessTarget({ id: TARGET, now: NOW + 200, config: DEFAULT_HEALTH, signals, breaker: 'half-open', previous: open.memory });
    expect(halfOpen.health).toEqual({ state: 'ejected', extent: 'total' });
  });

  it('lets the severity drop once the target answers again', () => {
    const signals = hardOutageUnderTraffic();
    const open = assessTarget({ id: TARGET, now: NOW, config: DEFAULT_HEALTH, signals, breaker: 'open' });
    signals.recordAttempt({ at: NOW + 100, provider: 'anthropic', model: 'opus', outcome: 'success', durationMs: 400, stream: false, source: 'traffic' });
    const answered = assessTarget({ id: TARGET, now: NOW + 200, config: DEFAULT_HEALTH, signals, breaker: 'closed', previous: open.memory });
    expect(answered.health).toEqual({ state: 'degraded' });
  });
});
