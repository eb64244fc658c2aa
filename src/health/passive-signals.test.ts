import { describe, expect, it } from 'vitest';
import { GatewayEvents, type AttemptEvent } from '../observability/gateway-events.js';
import { BucketRing } from './bucket-ring.js';
import { LatencyHistogram } from './latency-histogram.js';
import { PassiveSignals } from './passive-signals.js';

const T = 1_800_000_000_000;
const event = (overrides: Partial<AttemptEvent>): AttemptEvent => ({
  at: T,
  provider: 'anthropic',
  model: 'opus',
  key: 'key-1 …abcd',
  outcome: 'success',
  durationMs: 1_000,
  stream: false,
  source: 'traffic',
  ...overrides,
});

describe('PassiveSignals', () => {
  it('counts per provider, target and key, by class and origin; skipped attempts are evidence, not requests', () => {
    const events = new GatewayEvents();
    const signals = new PassiveSignals({ windowMs: 30_000, baselineWindowMs: 1_800_000 });
    signals.attach(events);
    events.attemptEnded(event({ at: T + 1_000 }));
    events.attemptEnded(event({ at: T + 2_000, outcome: 'failure', failureClass: 'timeout', origin: 'local' }));
    events.attemptEnded(event({ at: T + 3_000, outcome: 'failure', failureClass: 'rate_limited', origin: 'upstream', key: 'key-2 …f00d', model: 'sonnet' }));
    events.attemptEnded(event({ at: T + 4_000, outcome: 'skipped', failureClass: 'overloaded', key: undefined }));
    events.attemptEnded(event({ at: T + 5_000, outcome: 'failure', failureClass: 'invalid_request', origin: 'upstream' }));
    events.attemptEnded(event({ at: T + 6_000, outcome: 'failure', failureClass: 'client_cancelled', origin: 'client' }));
    events.attemptEnded(event({ at: T + 7_000, source: 'probe', durationMs: 200 }));
    events.streamEnded({ at: T + 8_000, provider: 'anthropic', model: 'opus', outcome: 'complete', outputTokens: 100, generationMs: 2_000 });

    const provider = signals.summarize('provider:anthropic', T, T + 10_000);
    expect(provider).toMatchObject({ requests: 5, answered: 3, failures: 2, classes: { timeout: 1, rate_limited: 1 }, localNetworkFailures: 1, skipped: 1, skippedClasses: { overloaded: 1 }, probes: 1, trafficRequests: 4, trafficFailures: 2, tokensPerSecond: 50 });
    expect(provider.latency.generate?.samples).toBe(1);
    expect(provider.latency.probe?.samples).toBe(1);
    expect(signals.summarize('target:anthropic/opus', T, T + 10_000)).toMatchObject({ requests: 4, failures: 1 });
    expect(signals.summarize('key:anthropic/key-2 …f00d', T, T + 10_000)).toMatchObject({ requests: 1, classes: { rate_limited: 1 } });
    expect(signals.summarize('target:anthropic/sonnet', T, T + 10_000)).toMatchObject({ requests: 1 });
    expect(signals.keyLabelsSeen('anthropic')).toEqual(['key-1 …abcd', 'key-2 …f00d']);
  });

  it('tracks the trailing state with failures that count for each kind of component', () => {
    const signals = new PassiveSignals({ windowMs: 30_000, baselineWindowMs: 1_800_000 });
    signals.recordAttempt(event({ at: T, outcome: 'failure', failureClass: 'server', origin: 'upstream' }));
    signals.recordAttempt(event({ at: T + 1_000 }));
    signals.recordAttempt(event({ at: T + 2_000, outcome: 'failure', failureClass: 'auth', origin: 'upstream' }));
    signals.recordAttempt(event({ at: T + 3_000, source: 'probe' }));
    // A rejected key says nothing about the model: the target keeps counting successes.
    expect(signals.trailing('target:anthropic/opus')).toEqual({ lastEventAt: T + 3_000, lastOkAt: T + 3_000, lastFailureAt: T, consecutiveSuccesses: 2, lastTrafficAt: T + 2_000, lastProbeAt: T + 3_000 });
    expect(signals.trailing('key:anthropic/key-1 …abcd')).toMatchObject({ lastFailureAt: T + 2_000, consecutiveSuccesses: 1 });
    expect(signals.trailing('provider:anthropic')).toMatchObject({ lastFailureAt: T + 2_000, consecutiveSuccesses: 1 });
  });

  it('files models without a component of their own under provider/*, ignores their not_found, and records a retired one', () => {
    const own = new Set(['target:anthropic/opus-configured', 'target:anthropic/opus-retired']);
    const signals = new PassiveSignals({
      windowMs: 30_000,
      baselineWindowMs: 1_800_000,
      targetOf: (provider, model) => (own.has(`target:${provider}/${model}`) ? `target:${provider}/${model}` : `target:${provider}/*`),
    });
    const notFound = { outcome: 'failure', failureClass: 'not_found', origin: 'upstream', clientNamedModel: true } as const;
    // A client's typo through provider/* leaves nothing, not even on the provider.
    signals.recordAttempt(event({ at: T, model: 'claude-sonet-typo', ...notFound }));
    expect(signals.trailing('target:anthropic/*')).toBeUndefined();
    expect(signals.summarize('provider:anthropic', T, T + 10_000)).toMatchObject({ requests: 0 });
    // A provider-side failure of a made-up name counts toward the provider and provider/*, under no name of its own.
    signals.recordAttempt(event({ at: T, model: 'claude-made-up', outcome: 'failure', failureClass: 'server', origin: 'upstream', clientNamedModel: true }));
    expect(signals.summarize('target:anthropic/*', T, T + 10_000)).toMatchObject({ requests: 1, classes: { server: 1 } });
    expect(signals.trailing('target:anthropic/claude-made-up')).toBeUndefined();
    // The same not_found from a configured model is the provider's news, and so is a retired one.
    signals.recordAttempt(event({ at: T, model: 'opus-configured', ...notFound, clientNamedModel: undefined }));
    signals.recordAttempt(event({ at: T + 1_000, model: 'opus-retired', clientNamedModel: true }));
    signals.recordAttempt(event({ at: T + 2_000, model: 'opus-retired', ...notFound }));
    expect(signals.summarize('target:anthropic/opus-retired', T, T + 10_000)).toMatchObject({ requests: 2, classes: { not_found: 1 } });
    expect(signals.summarize('provider:anthropic', T, T + 10_000)).toMatchObject({ requests: 4 });
    signals.forget('target:anthropic/opus-retired');
    expect(signals.trailing('target:anthropic/opus-retired')).toBeUndefined();
  });

  it('forgets what left the window and reads the baseline from whole minutes', () => {
    const signals = new PassiveSignals({ windowMs: 30_000, baselineWindowMs: 600_000 });
    const minute = Math.floor(T / 60_000) * 60_000;
    for (let index = 0; index < 60; index++) signals.recordAttempt(event({ at: minute + index * 1_000, durationMs: 1_000 }));
    signals.recordAttempt(event({ at: minute + 120_000, durationMs: 5_000 }));
    const now = minute + 121_000;
    expect(signals.summarize('target:anthropic/opus', now - 30_000, now)).toMatchObject({ requests: 1 });
    const baseline = signals.baseline('target:anthropic/opus', ['generate'], now - 600_000, now - 30_000);
    expect(baseline?.samples).toBe(60);
    expect(baseline?.p50Ms).toBeCloseTo(1_000, -2);
    expect(signals.minute('target:anthropic/opus', minute)?.trafficRequests).toBe(60);
  });
});

describe('LatencyHistogram', () => {
  it('gives percentiles within a few percent and exact sums', () => {
    const histogram = new LatencyHistogram();
    for (let value = 1; value <= 1_000; value++) histogram.add(value);
    histogram.add(-1);
    histogram.add(Number.NaN);
    expect(histogram.count).toBe(1_000);
    expect(histogram.sumMs).toBe(500_500);
    expect(histogram.percentile(50)! / 500).toBeCloseTo(1, 1);
    expect(histogram.percentile(95)! / 950).toBeCloseTo(1, 1);
    expect(new LatencyHistogram().percentile(50)).toBeUndefined();
  });
});

describe('BucketRing', () => {
  it('recycles slots and drops events older than its span', () => {
    const ring = new BucketRing({ bucketMs: 1_000, spanMs: 3_000, create: () => ({ count: 0 }) });
    for (const time of [0, 1_000, 2_000, 3_000, 4_500]) ring.at(time)!.count += 1;
    expect(ring.at(0)).toBeUndefined();
    // One spare slot beyond the span: buckets 1 s to 4 s are still held.
    expect(ring.between(0, 4_999).map((bucket) => bucket.count)).toEqual([1, 1, 1, 1]);
    expect(ring.between(2_500, 4_999)).toHaveLength(2);
    expect(ring.starting(4_000)?.count).toBe(1);
  });

  it('gives each held bucket with its start, looking back from the end of the range only as far as the ring reaches', () => {
    const ring = new BucketRing({ bucketMs: 1_000, spanMs: 3_000, create: () => ({ count: 0 }) });
    for (const time of [1_000, 2_500, 4_000]) ring.at(time)!.count += 1;
    expect(ring.entriesBetween(0, 4_999)).toEqual([
      { startMs: 1_000, bucket: { count: 1 } },
      { startMs: 2_000, bucket: { count: 1 } },
      { startMs: 4_000, bucket: { count: 1 } },
    ]);
    expect(ring.entriesBetween(-1e15, 1e15).map((entry) => entry.startMs)).toEqual([]);
    expect(ring.entriesBetween(-1e15, 4_000).map((entry) => entry.startMs)).toEqual([1_000, 2_000, 4_000]);
  });
});
