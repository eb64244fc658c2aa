import { describe, expect, it } from 'vitest';
import type { OpenStreamsResult } from './open-streams.js';
import { evaluateRatioTargets, RATIO_TARGETS } from './ratio-targets.js';
import type { ScenarioResult } from './scenario-result.js';

function row(id: string, cpu: { lifeline?: number; bare?: number }, addedP99Ms = 0): ScenarioResult {
  return {
    id,
    label: id,
    group: 'passthrough',
    stream: true,
    via: cpu.lifeline !== undefined ? 'lifeline' : 'bare-proxy',
    baselineId: 'direct',
    requests: 1,
    failed: 0,
    requestsPerSecond: 1,
    roundRequestsPerSecond: [1],
    p50Ms: 1,
    p99Ms: 1,
    meanMs: 1,
    lifelineCpuMicrosPerRequest: cpu.lifeline ?? null,
    bareProxyCpuMicrosPerRequest: cpu.bare ?? null,
    nginxCpuMicrosPerRequest: null,
    upstreamCpuMicrosPerRequest: 10,
    clientCpuMicrosPerRequest: 10,
    lifelineCpuPerSimulatorCpu: null,
    bareProxyCpuPerSimulatorCpu: null,
    nginxCpuPerSimulatorCpu: null,
    lifelineCpuPerBareProxyCpu: null,
    lifelineCpuPerNginxCpu: null,
    throughputRatio: 1,
    addedP50Ms: 0,
    addedP99Ms,
  };
}

function openStreams(label: string, cpuMicrosPerEvent: number, failed = 0): OpenStreamsResult {
  return { label, streams: 1000, completed: 1000 - failed, failed, events: 100_000, elapsedMs: 21_000, cpuMicrosPerEvent, peakRssMb: 150, eventLoop: { p99Ms: 12, maxMs: 30, meanMs: 2 }, eventLoopWholeWindow: { p99Ms: 90, maxMs: 300, meanMs: 9 }, allStartedMs: 1500 };
}

describe('evaluateRatioTargets', () => {
  const results = [
    row('bare-proxy-anthropic-stream', { bare: 100 }),
    row('passthrough-anthropic-to-anthropic-stream', { lifeline: 130 }),
    row('bare-proxy-anthropic-session-300k-stream', { bare: 5000 }),
    row('passthrough-anthropic-to-anthropic-session-300k-stream', { lifeline: 3100 }, 9),
    row('nginx-anthropic-session-300k-stream', {}, 3),
    row('translated-anthropic-to-openai-session-300k-stream', { lifeline: 6500 }),
  ];

  it('divides Lifeline CPU by the bare proxy of the same format, mode and body, against the issue limits', () => {
    const { checks } = evaluateRatioTargets(results, 70, undefined);
    const byName = (start: string) => checks.find((check) => check.name.startsWith(start));
    expect(byName('20-event paced stream, same-format anthropic')).toMatchObject({ actual: 1.3, limit: RATIO_TARGETS.smallSameFormatStream, passed: true });
    expect(byName('long session (300 KB), same-format:')).toMatchObject({ actual: 0.62, limit: 0.6, passed: false });
    expect(byName('long session (300 KB), translated')).toMatchObject({ actual: 1.3, passed: true });
    // Growth: 3100 µs for the long turn over 130 µs for a small stream is far from flat.
    expect(byName('cost growth')).toMatchObject({ limit: 4, passed: false });
    expect(byName('cost growth')?.actual).toBeCloseTo(3100 / 130);
    expect(byName('long session (300 KB), same-format: p99')).toMatchObject({ actual: 9, limit: 9, passed: true });
    expect(byName('idle RSS')).toMatchObject({ actual: 70, passed: true });
  });

  it('checks the open streams against the bare proxy and says when they did not run', () => {
    const ran = evaluateRatioTargets(results, 90, { lifeline: openStreams('Lifeline', 14, 1), bareProxy: openStreams('bare proxy', 10) });
    const streamChecks = ran.checks.filter((check) => check.name.startsWith('1000 open streams'));
    expect(streamChecks.map((check) => [check.unit, check.passed])).toEqual([
      ['MB', true],
      ['errors', false],
      ['ms', true],
      ['×', false],
    ]);
    // The counted delay is the trickle's (12 ms); the whole window's (90 ms, opening burst included) is a note.
    expect(streamChecks.find((check) => check.unit === 'ms')).toMatchObject({ actual: 12 });
    expect(ran.notes.some((note) => note.includes('whole window') && note.includes('90.0 ms'))).toBe(true);
    expect(ran.checks.find((check) => check.name.startsWith('idle RSS'))?.passed).toBe(false);
    expect(evaluateRatioTargets(results, 70, undefined).notes.some((note) => note.includes('many-open-streams'))).toBe(true);
  });
});
