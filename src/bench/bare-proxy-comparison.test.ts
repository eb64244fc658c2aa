import { describe, expect, it } from 'vitest';
import { compareWithBareProxy } from './bare-proxy-comparison.js';
import { aggregateRounds, compareWithBaselines, type RoundMeasurement } from './scenario-result.js';
import { allScenarios } from './scenarios.js';

function measured(id: string, proxyCpuSeconds: number): ReturnType<typeof aggregateRounds> {
  const scenario = allScenarios().find((candidate) => candidate.id === id);
  if (scenario === undefined) throw new Error(`no scenario ${id}`);
  const round: RoundMeasurement = {
    batch: { completed: 1000, failed: 0, elapsedMs: 100, latenciesMs: Float64Array.from([1]) },
    lifelineCpuSeconds: proxyCpuSeconds,
    bareProxyCpuSeconds: proxyCpuSeconds,
    nginxCpuSeconds: proxyCpuSeconds,
    upstreamCpuSeconds: 0.1,
    clientCpuSeconds: 0.1,
  };
  return aggregateRounds(scenario, [round]);
}

describe('compareWithBareProxy', () => {
  it('pairs each passthrough row with its bare-proxy row and skips the rest', () => {
    const results = compareWithBaselines([
      measured('direct-openai-stream', 0),
      measured('bare-proxy-openai-stream', 0.3),
      measured('passthrough-openai-to-openai-stream', 0.6),
      measured('direct-openai-json', 0),
      measured('translated-anthropic-to-openai-json', 0.4),
      // A passthrough row whose bare-proxy row did not run is left out.
      measured('direct-anthropic-json', 0),
      measured('passthrough-anthropic-to-anthropic-json', 0.2),
    ]);
    const comparisons = compareWithBareProxy(results);
    expect(comparisons).toHaveLength(1);
    expect(comparisons[0]?.name).toBe('pass openai→openai stream');
    expect(comparisons[0]?.bareProxyLabel).toBe('bare proxy openai stream');
    expect(comparisons[0]?.lifelineCpuMicros).toBeCloseTo(600, 6);
    expect(comparisons[0]?.bareProxyCpuMicros).toBeCloseTo(300, 6);
    expect(comparisons[0]?.ratio).toBeCloseTo(2, 6);
  });
});
