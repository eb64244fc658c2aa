import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from './scenario-result.js';
import { evaluateTargets, TARGETS } from './targets.js';

function result(overrides: Partial<ScenarioResult>): ScenarioResult {
  return {
    id: 'x',
    label: 'x',
    group: 'passthrough',
    stream: false,
    via: 'lifeline',
    baselineId: 'direct',
    requests: 1,
    failed: 0,
    requestsPerSecond: 1,
    roundRequestsPerSecond: [1],
    p50Ms: 1,
    p99Ms: 1,
    meanMs: 1,
    lifelineCpuMicrosPerRequest: 100,
    upstreamCpuMicrosPerRequest: 50,
    clientCpuMicrosPerRequest: 80,
    bareProxyCpuMicrosPerRequest: null,
    lifelineCpuPerSimulatorCpu: 2,
    bareProxyCpuPerSimulatorCpu: null,
    lifelineCpuPerBareProxyCpu: null,
    throughputRatio: 1,
    addedP50Ms: 0,
    addedP99Ms: 0,
    ...overrides,
  };
}

describe('evaluateTargets', () => {
  it('applies the CPU limit of each group and mode', () => {
    const checks = evaluateTargets(
      [
        result({ label: 'pass json', lifelineCpuMicrosPerRequest: TARGETS.passthroughJsonCpuMicros }),
        result({ label: 'pass stream', stream: true, lifelineCpuMicrosPerRequest: 451 }),
        result({ label: 'xlate json', group: 'translated', lifelineCpuMicrosPerRequest: 299 }),
        result({ label: 'xlate stream', group: 'translated', stream: true, lifelineCpuMicrosPerRequest: 701 }),
      ],
      50,
    );
    const cpu = checks.filter((check) => check.name.endsWith('Lifeline CPU'));
    expect(cpu.map((check) => [check.name, check.limit, check.passed])).toEqual([
      ['pass json: Lifeline CPU', 150, true],
      ['pass stream: Lifeline CPU', 450, false],
      ['xlate json: Lifeline CPU', 300, true],
      ['xlate stream: Lifeline CPU', 700, false],
    ]);
  });

  it('requires 60% of direct throughput and idle RSS strictly under 80 MB', () => {
    const checks = evaluateTargets([result({ throughputRatio: 0.59 })], 80);
    expect(checks.find((check) => check.name.endsWith('throughput vs direct'))?.passed).toBe(false);
    expect(checks.find((check) => check.name === 'idle RSS (15 s after start, no traffic)')?.passed).toBe(false);
    expect(evaluateTargets([result({ throughputRatio: 0.6 })], 79.9).every((check) => check.passed)).toBe(true);
  });

  it('sets no target for direct, bare-proxy and resilience scenarios', () => {
    const checks = evaluateTargets(
      [
        result({ group: 'direct', lifelineCpuMicrosPerRequest: null }),
        result({ group: 'bare-proxy', via: 'bare-proxy', lifelineCpuMicrosPerRequest: null, bareProxyCpuMicrosPerRequest: 999 }),
        result({ group: 'resilience' }),
      ],
      10,
    );
    expect(checks.map((check) => check.name)).toEqual(['idle RSS (15 s after start, no traffic)']);
  });
});
