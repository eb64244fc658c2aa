import { describe, expect, it } from 'vitest';
import { GatewayEvents, type AttemptEvent } from '../observability/gateway-events.js';
import { BreakerRegistry } from '../resilience/circuit-breaker/breaker-registry.js';
import { DEFAULT_RESILIENCE } from '../resilience/resilience-options.js';
import { halfOpenOnProbeSuccess } from './probe-evidence.js';
import { targetKey } from '../core/target-key.js';

const KEY = targetKey('primary', 'claude-main');
const PROBE_INTERVAL_MS = 30_000;

function probe(at: number, outcome: AttemptEvent['outcome']): AttemptEvent {
  return { at, provider: 'primary', model: 'claude-main', outcome, durationMs: 5, stream: false, source: 'probe', ...(outcome === 'failure' ? { failureClass: 'server' } : {}) };
}

describe('halfOpenOnProbeSuccess', () => {
  it('gives a flapping primary client traffic again within one probe interval of its first healthy answer', () => {
    let nowMs = 0;
    const clock = { now: () => nowMs };
    const events = new GatewayEvents();
    const breakers = BreakerRegistry.fromOptions(DEFAULT_RESILIENCE.breaker, clock);
    const subscription = halfOpenOnProbeSuccess(events, breakers);
    const breaker = breakers.get(KEY);

    // The primary flaps: its breaker opens, and every half-open trial fails, so the ejection grows
    // from 30 s to its 2 min cap.
    for (let failure = 0; failure < DEFAULT_RESILIENCE.breaker.consecutive_failures; failure++) breaker.recordFailure();
    for (let trial = 0; trial < 4; trial++) {
      const state = breaker.state;
      if (state.state === 'open') nowMs = state.reopenAt;
      expect(breaker.tryAcquire()).toBe('probe');
      breaker.recordFailure();
    }
    const ejected = breaker.state;
    expect(ejected.state === 'open' && ejected.reopenAt - nowMs).toBe(DEFAULT_RESILIENCE.breaker.max_ejection_time_ms);

    // It recovers at once; probes come every interval and fail until then.
    const healthyAt = nowMs + 1;
    events.attemptEnded(probe(nowMs, 'failure'));
    expect(breaker.tryAcquire()).toBe('rejected');
    // The first probe after the recovery: at most one interval later.
    nowMs = healthyAt + PROBE_INTERVAL_MS;
    events.attemptEnded(probe(nowMs, 'success'));
    // The next client request is the trial, and closes the breaker.
    expect(breaker.tryAcquire()).toBe('probe');
    breaker.recordSuccess();
    expect(breaker.state).toEqual({ state: 'closed' });
    expect(nowMs - healthyAt).toBeLessThanOrEqual(PROBE_INTERVAL_MS);
    subscription.dispose();
  });

  it('takes no evidence from client traffic, failed probes, or targets without a breaker', () => {
    const events = new GatewayEvents();
    const breakers = BreakerRegistry.fromOptions(DEFAULT_RESILIENCE.breaker);
    halfOpenOnProbeSuccess(events, breakers);
    const breaker = breakers.get(KEY);
    for (let failure = 0; failure < 5; failure++) breaker.recordFailure();
    events.attemptEnded({ ...probe(Date.now(), 'success'), source: 'traffic' });
    events.attemptEnded(probe(Date.now(), 'failure'));
    events.attemptEnded({ ...probe(Date.now(), 'success'), model: 'other' });
    expect(breaker.state.state).toBe('open');
    expect(breakers.has(targetKey('primary', 'other'))).toBe(false);
  });
});
