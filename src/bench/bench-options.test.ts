import { describe, expect, it } from 'vitest';
import { benchOptionsFromEnvironment, DEFAULT_BENCH_OPTIONS } from './bench-options.js';

describe('benchOptionsFromEnvironment', () => {
  it('uses the defaults when nothing is set', () => {
    expect(benchOptionsFromEnvironment({})).toEqual(DEFAULT_BENCH_OPTIONS);
  });

  it('reads overrides and the profile folder', () => {
    const options = benchOptionsFromEnvironment({
      LIFELINE_BENCH_ROUNDS: '2',
      LIFELINE_BENCH_CONCURRENCY: '32',
      LIFELINE_BENCH_CPU_PROF: '/tmp/prof',
      LIFELINE_BENCH_NODE_ARGS: ' --perf-basic-prof  --max-old-space-size=256 ',
      LIFELINE_BENCH_LOG_LEVEL: 'silent',
      LIFELINE_BENCH_ONLY: 'stream',
    });
    expect(options.rounds).toBe(2);
    expect(options.concurrency).toBe(32);
    expect(options.cpuProfileDirectory).toBe('/tmp/prof');
    expect(options.lifelineNodeArgs).toEqual(['--perf-basic-prof', '--max-old-space-size=256']);
    expect(options.logLevel).toBe('silent');
    expect(options.scenarioFilter).toBe('stream');
  });

  it('rejects values that are not positive integers', () => {
    expect(() => benchOptionsFromEnvironment({ LIFELINE_BENCH_ROUNDS: '0' })).toThrow(/LIFELINE_BENCH_ROUNDS/);
    expect(() => benchOptionsFromEnvironment({ LIFELINE_BENCH_REQUESTS: 'lots' })).toThrow(/positive integer/);
    expect(() => benchOptionsFromEnvironment({ LIFELINE_BENCH_LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('takes 0 as the chunk delay (whole streams in one write) but nothing negative', () => {
    expect(DEFAULT_BENCH_OPTIONS.chunkDelayMs).toBe(1);
    expect(benchOptionsFromEnvironment({ LIFELINE_BENCH_CHUNK_DELAY_MS: '0' }).chunkDelayMs).toBe(0);
    expect(() => benchOptionsFromEnvironment({ LIFELINE_BENCH_CHUNK_DELAY_MS: '-1' })).toThrow(/non-negative integer/);
    expect(() => benchOptionsFromEnvironment({ LIFELINE_BENCH_ROUNDS: '-1' })).toThrow(/positive integer/);
  });
});
