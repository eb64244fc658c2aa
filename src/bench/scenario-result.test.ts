import { describe, expect, it } from 'vitest';
import { aggregateRounds, compareWithBaselines, type RoundMeasurement } from './scenario-result.js';
import { allScenarios, type Scenario } from './scenarios.js';

function scenario(id: string): Scenario {
  const found = allScenarios().find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no scenario ${id}`);
  return found;
}

function round(completed: number, elapsedMs: number, latencies: number[], lifelineCpuSeconds: number, upstreamCpuSeconds: number): RoundMeasurement {
  return {
    batch: { completed, failed: 0, elapsedMs, latenciesMs: Float64Array.from(latencies) },
    lifelineCpuSeconds,
    upstreamCpuSeconds,
    clientCpuSeconds: upstreamCpuSeconds * 2,
  };
}

describe('aggregateRounds', () => {
  it('divides summed CPU by summed requests and completed requests by summed time', () => {
    const result = aggregateRounds(scenario('passthrough-anthropic-to-anthropic-json'), [
      round(1000, 500, [1, 2, 3], 0.1, 0.05),
      round(1000, 1500, [4, 5], 0.2, 0.05),
    ]);
    expect(result.requests).toBe(2000);
    expect(result.requestsPerSecond).toBe(1000);
    expect(result.roundRequestsPerSecond).toEqual([2000, 2000 / 3]);
    expect(result.lifelineCpuMicrosPerRequest).toBeCloseTo(150, 6);
    expect(result.upstreamCpuMicrosPerRequest).toBeCloseTo(50, 6);
    expect(result.clientCpuMicrosPerRequest).toBeCloseTo(100, 6);
    expect(result.p50Ms).toBe(3);
  });

  it('leaves Lifeline CPU out of a direct scenario', () => {
    const result = aggregateRounds(scenario('direct-anthropic-json'), [round(10, 10, [1], 0.5, 0.001)]);
    expect(result.lifelineCpuMicrosPerRequest).toBeNull();
    expect(result.upstreamCpuMicrosPerRequest).toBeCloseTo(100, 6);
  });

  it('keeps the first failure', () => {
    const failing: RoundMeasurement = {
      batch: { completed: 1, failed: 2, elapsedMs: 10, latenciesMs: Float64Array.from([1]), firstFailure: 'status 502' },
      lifelineCpuSeconds: 0,
      upstreamCpuSeconds: 0,
      clientCpuSeconds: 0,
    };
    const result = aggregateRounds(scenario('direct-openai-json'), [failing]);
    expect(result.failed).toBe(2);
    expect(result.requests).toBe(3);
    expect(result.firstFailure).toBe('status 502');
  });
});

describe('compareWithBaselines', () => {
  it('computes throughput ratio and added latency against the baseline scenario', () => {
    const direct = aggregateRounds(scenario('direct-openai-stream'), [round(1000, 1000, [2, 2, 2], 0, 0.1)]);
    const translated = aggregateRounds(scenario('translated-anthropic-to-openai-stream'), [round(500, 1000, [5, 5, 9], 0.3, 0.1)]);
    const [comparedDirect, comparedTranslated] = compareWithBaselines([direct, translated]);
    expect(comparedDirect?.throughputRatio).toBe(1);
    expect(comparedTranslated?.throughputRatio).toBe(0.5);
    expect(comparedTranslated?.addedP50Ms).toBe(3);
    expect(comparedTranslated?.addedP99Ms).toBe(7);
    // 600 µs of Lifeline CPU per request against the direct simulator's 100 µs.
    expect(comparedTranslated?.lifelineCpuPerSimulatorCpu).toBeCloseTo(6, 6);
    expect(comparedDirect?.lifelineCpuPerSimulatorCpu).toBeNull();
  });

  it('compares the refused-primary scenario with the healthy-primary one', () => {
    const direct = aggregateRounds(scenario('direct-anthropic-json'), [round(100, 10, [0.5], 0, 0.005)]);
    const healthy = aggregateRounds(scenario('resilience-healthy-primary-json'), [round(100, 100, [1], 0.02, 0)]);
    const refused = aggregateRounds(scenario('resilience-primary-unreachable-json'), [round(80, 100, [1.5], 0.03, 0)]);
    const compared = compareWithBaselines([direct, healthy, refused]);
    expect(compared[2]?.throughputRatio).toBeCloseTo(0.8, 6);
    expect(compared[2]?.addedP50Ms).toBeCloseTo(0.5, 6);
    // The CPU ratio still uses the direct simulator at the end of the chain: 375 µs / 50 µs.
    expect(compared[2]?.lifelineCpuPerSimulatorCpu).toBeCloseTo(7.5, 6);
  });
});
