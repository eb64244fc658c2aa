import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from './scenario-result.js';
import { evaluateScaledCpuTargets, evaluateTargets, NGINX_REFERENCE_CPU_MICROS, TARGETS } from './targets.js';

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
    nginxCpuMicrosPerRequest: null,
    lifelineCpuPerSimulatorCpu: 2,
    bareProxyCpuPerSimulatorCpu: null,
    nginxCpuPerSimulatorCpu: null,
    lifelineCpuPerBareProxyCpu: null,
    lifelineCpuPerNginxCpu: null,
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

describe('evaluateScaledCpuTargets', () => {
  const nginxJson = result({ id: 'nginx-anthropic-json', group: 'nginx', via: 'nginx', lifelineCpuMicrosPerRequest: null, nginxCpuMicrosPerRequest: 100 });
  const nginxStream = result({ id: 'nginx-openai-stream', group: 'nginx', via: 'nginx', stream: true, lifelineCpuMicrosPerRequest: null, nginxCpuMicrosPerRequest: 700 });

  it('multiplies each limit by the nginx measured in the run over the issue figure of the same mode', () => {
    expect(NGINX_REFERENCE_CPU_MICROS).toEqual({ json: 50, stream: 350 });
    const checks = evaluateScaledCpuTargets([
      nginxJson,
      nginxStream,
      // nginx at 2× the figure doubles the limits: 300 and 900 µs.
      result({ label: 'pass json', nginxId: 'nginx-anthropic-json', lifelineCpuMicrosPerRequest: 300 }),
      result({ label: 'pass stream', stream: true, nginxId: 'nginx-openai-stream', lifelineCpuMicrosPerRequest: 901 }),
      result({ label: 'xlate json', group: 'translated', nginxId: 'nginx-anthropic-json', lifelineCpuMicrosPerRequest: 599 }),
    ]);
    expect(checks.map((check) => [check.name.split(':')[0], check.limit, check.passed])).toEqual([
      ['pass json', 300, true],
      ['pass stream', 900, false],
      ['xlate json', 600, true],
    ]);
    expect(checks[0]?.name).toContain('nginx here 100 µs ÷ 50 µs');
  });

  it('is empty without nginx rows, and skips rows whose nginx row did not run', () => {
    expect(evaluateScaledCpuTargets([result({ lifelineCpuMicrosPerRequest: 300 })])).toEqual([]);
    expect(evaluateScaledCpuTargets([result({ nginxId: 'nginx-anthropic-json', lifelineCpuMicrosPerRequest: 300 })])).toEqual([]);
  });
});
