import { describe, expect, it } from 'vitest';
import { aggregateRounds, compareWithBaselines, cpuRatio, type RoundMeasurement } from './scenario-result.js';
import { allScenarios, type Scenario } from './scenarios.js';

function scenario(id: string): Scenario {
  const found = allScenarios().find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no scenario ${id}`);
  return found;
}

function round(
  completed: number,
  elapsedMs: number,
  latencies: number[],
  proxyCpuSeconds: number,
  upstreamCpuSeconds: number,
): RoundMeasurement {
  return {
    batch: { completed, failed: 0, elapsedMs, latenciesMs: Float64Array.from(latencies) },
    // Every proxy gets the same figure; aggregateRounds must count only the one the scenario went through.
    lifelineCpuSeconds: proxyCpuSeconds,
    bareProxyCpuSeconds: proxyCpuSeconds,
    nginxCpuSeconds: proxyCpuSeconds,
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
    expect(result.bareProxyCpuMicrosPerRequest).toBeNull();
    expect(result.bareProxyId).toBe('bare-proxy-anthropic-json');
    expect(result.upstreamCpuMicrosPerRequest).toBeCloseTo(50, 6);
    expect(result.clientCpuMicrosPerRequest).toBeCloseTo(100, 6);
    expect(result.p50Ms).toBe(3);
  });

  it('leaves Lifeline CPU out of a direct scenario', () => {
    const result = aggregateRounds(scenario('direct-anthropic-json'), [round(10, 10, [1], 0.5, 0.001)]);
    expect(result.lifelineCpuMicrosPerRequest).toBeNull();
    expect(result.bareProxyCpuMicrosPerRequest).toBeNull();
    expect(result.upstreamCpuMicrosPerRequest).toBeCloseTo(100, 6);
  });

  it('counts the bare proxy CPU, not Lifeline, for a bare-proxy scenario', () => {
    const result = aggregateRounds(scenario('bare-proxy-openai-stream'), [round(100, 10, [1], 0.02, 0.001)]);
    expect(result.lifelineCpuMicrosPerRequest).toBeNull();
    expect(result.bareProxyCpuMicrosPerRequest).toBeCloseTo(200, 6);
    expect(result.bareProxyId).toBeUndefined();
  });

  it('counts nginx CPU for an nginx scenario and links Lifeline rows to the nginx row of their upstream', () => {
    const nginxScenario = allScenarios({ nginx: true }).find((candidate) => candidate.id === 'nginx-openai-stream');
    if (nginxScenario === undefined) throw new Error('no nginx scenario');
    const nginx = aggregateRounds(nginxScenario, [round(100, 10, [1], 0.03, 0.001)]);
    expect(nginx.nginxCpuMicrosPerRequest).toBeCloseTo(300, 6);
    expect(nginx.lifelineCpuMicrosPerRequest).toBeNull();
    expect(nginx.bareProxyCpuMicrosPerRequest).toBeNull();
    const translatedScenario = allScenarios({ nginx: true }).find((candidate) => candidate.id === 'translated-anthropic-to-openai-stream');
    if (translatedScenario === undefined) throw new Error('no translated scenario');
    const translated = aggregateRounds(translatedScenario, [round(100, 10, [1], 0.06, 0.001)]);
    expect(translated.nginxId).toBe('nginx-openai-stream');
    const direct = aggregateRounds(scenario('direct-openai-stream'), [round(100, 10, [1], 0, 0.001)]);
    const compared = compareWithBaselines([direct, nginx, translated]);
    expect(compared[2]?.lifelineCpuPerNginxCpu).toBeCloseTo(2, 6);
    expect(compared[1]?.nginxCpuPerSimulatorCpu).toBeCloseTo(30, 6);
  });

  it('keeps the first failure', () => {
    const failing: RoundMeasurement = {
      batch: { completed: 1, failed: 2, elapsedMs: 10, latenciesMs: Float64Array.from([1]), firstFailure: 'status 502' },
      lifelineCpuSeconds: 0,
      bareProxyCpuSeconds: 0,
      nginxCpuSeconds: 0,
      upstreamCpuSeconds: 0,
      clientCpuSeconds: 0,
    };
    const result = aggregateRounds(scenario('direct-openai-json'), [failing]);
    expect(result.failed).toBe(2);
    expect(result.requests).toBe(3);
    expect(result.firstFailure).toBe('status 502');
  });
});

describe('cpuRatio', () => {
  it('divides, or gives null when a side is missing or the denominator is not positive and finite', () => {
    expect(cpuRatio(300, 200)).toBe(1.5);
    expect(cpuRatio(0, 200)).toBe(0);
    expect(cpuRatio(null, 200)).toBeNull();
    expect(cpuRatio(300, undefined)).toBeNull();
    expect(cpuRatio(300, 0)).toBeNull();
    expect(cpuRatio(300, Number.NaN)).toBeNull();
    expect(cpuRatio(Number.NaN, 200)).toBeNull();
  });
});

describe('compareWithBaselines', () => {
  it('divides passthrough Lifeline CPU by the bare proxy CPU of the same format and mode', () => {
    const direct = aggregateRounds(scenario('direct-anthropic-json'), [round(1000, 100, [1], 0, 0.1)]);
    const bare = aggregateRounds(scenario('bare-proxy-anthropic-json'), [round(1000, 200, [2], 0.2, 0.1)]);
    const pass = aggregateRounds(scenario('passthrough-anthropic-to-anthropic-json'), [round(1000, 300, [3], 0.5, 0.1)]);
    const [, comparedBare, comparedPass] = compareWithBaselines([direct, bare, pass]);
    // 500 µs of Lifeline CPU against 200 µs of bare proxy CPU; both against the simulator's 100 µs.
    expect(comparedPass?.lifelineCpuPerBareProxyCpu).toBeCloseTo(2.5, 6);
    expect(comparedPass?.lifelineCpuPerSimulatorCpu).toBeCloseTo(5, 6);
    expect(comparedBare?.bareProxyCpuPerSimulatorCpu).toBeCloseTo(2, 6);
    expect(comparedBare?.lifelineCpuPerSimulatorCpu).toBeNull();
    expect(comparedBare?.lifelineCpuPerBareProxyCpu).toBeNull();
    expect(comparedBare?.throughputRatio).toBeCloseTo(0.5, 6);
  });

  it('leaves the bare-proxy ratio null when the bare-proxy scenario did not run', () => {
    const direct = aggregateRounds(scenario('direct-anthropic-json'), [round(1000, 100, [1], 0, 0.1)]);
    const pass = aggregateRounds(scenario('passthrough-anthropic-to-anthropic-json'), [round(1000, 300, [3], 0.5, 0.1)]);
    expect(compareWithBaselines([direct, pass])[1]?.lifelineCpuPerBareProxyCpu).toBeNull();
  });

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
