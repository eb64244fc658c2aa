import { describe, expect, it } from 'vitest';
import { BreakerRegistry } from '../resilience/circuit-breaker/breaker-registry.js';
import { DEFAULT_RESILIENCE } from '../resilience/resilience-options.js';
import { DynamicTargets } from '../routing/dynamic-targets.js';
import { GatewayEvents, type AttemptEvent } from './gateway-events.js';
import { createMetrics } from './metrics.js';

function metricsOf(maxPerProvider: number) {
  const clock = { time: 1_000_000, now: () => clock.time };
  const dynamicTargets = new DynamicTargets({
    routeTargets: [{ provider: 'a', model: '*' }, { provider: 'a', model: 'configured' }],
    maxPerProvider,
    ttlMs: 60_000,
    clock,
  });
  const events = new GatewayEvents();
  const metrics = createMetrics({ events, breakers: BreakerRegistry.fromOptions(DEFAULT_RESILIENCE.breaker), dynamicTargets, processMetrics: false });
  const attempt = (model: string, outcome: AttemptEvent['outcome'] = 'success') => {
    // What the pipeline does for every client attempt: the answer may admit the model first.
    dynamicTargets.recordUse('a', model, outcome === 'success');
    events.attemptEnded({ at: clock.time, provider: 'a', model, outcome, durationMs: 10, stream: false, source: 'traffic' });
  };
  return { metrics, events, dynamicTargets, clock, attempt };
}

describe('createMetrics', () => {
  it('labels configured and served client-named models by name, everything else as other', async () => {
    const { metrics, events, attempt } = metricsOf(2);
    attempt('configured');
    attempt('never-served', 'failure');
    for (const model of ['served-1', 'served-2', 'served-3']) attempt(model);
    events.requestEnded({ at: 0, path: '/v1/messages', status: 200, target: 'a/never-served', attempts: 2, durationMs: 5 });
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/attempts_total\{provider="a",model="configured",outcome="success"/);
    expect(text).toMatch(/attempts_total\{provider="a",model="served-1",outcome="success"/);
    expect(text).toMatch(/attempts_total\{provider="a",model="served-2",outcome="success"/);
    expect(text).toMatch(/attempts_total\{provider="a",model="other",outcome="failure",[^}]*\} 1/);
    expect(text).toMatch(/attempts_total\{provider="a",model="other",outcome="success",[^}]*\} 1/);
    expect(text).toMatch(/failovers_total\{target="a\/other"\} 1/);
    expect(text).not.toMatch(/never-served|served-3/);
    metrics.close();
  });

  it('removes the series of a model the gateway dropped', async () => {
    const { metrics, dynamicTargets, clock, attempt } = metricsOf(5);
    attempt('dropped');
    clock.time += 30_000;
    attempt('kept');
    clock.time += 30_000;
    dynamicTargets.sweep();
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/model="kept"/);
    expect(text).not.toMatch(/model="dropped"/);
    metrics.close();
  });
});
