import { describe, expect, it } from 'vitest';
import { countWorker, formatShares, parseChildPids, renderWorkersRuns, SINGLE_PROCESS, workersRunJson, type WorkersRun } from './worker-shares.js';

describe('parseChildPids', () => {
  it('reads the space-separated pids of a children file, empty or not', () => {
    expect(parseChildPids('4301 4302 \n')).toEqual([4301, 4302]);
    expect(parseChildPids('')).toEqual([]);
  });
});

describe('worker shares', () => {
  it('counts answers per x-lifeline-worker and a missing header as the single process', () => {
    const counts = new Map<string, number>();
    for (const header of ['2', '1', '1', undefined, ['2']]) countWorker(counts, header);
    expect(Object.fromEntries(counts)).toEqual({ '1': 2, '2': 2, [SINGLE_PROCESS]: 1 });
    expect(formatShares(new Map([['2', 1], ['1', 3]]))).toBe('1: 75%, 2: 25%');
    expect(formatShares(new Map())).toBe('n/a');
  });

  const run: WorkersRun = {
    workers: 2,
    completed: 1000,
    failed: 0,
    elapsedMs: 500,
    latency: { p50Ms: 1.5, p99Ms: 4, meanMs: 2, count: 1000 },
    lifelineCpuSeconds: 0.3,
    simulatorCpuSeconds: 0.1,
    clientCpuSeconds: 0.05,
    shares: new Map([['1', 500], ['2', 500]]),
  };

  it('renders CPU per request from the CPU seconds and the completed requests', () => {
    const table = renderWorkersRuns([run]);
    expect(table).toContain('--workers 2');
    expect(table).toMatch(/2000\s+0\s+1\.50\s+4\.00\s+300\s+100\s+50\s+1: 50%, 2: 50%/);
  });

  it('keeps the printed figures in bench-results.json form, answers per worker as an object', () => {
    const json = JSON.parse(JSON.stringify(workersRunJson(run)));
    expect(json).toMatchObject({ workers: 2, requestsPerSecond: 2000, simulatorCpuMicrosPerRequest: 100, answersPerWorker: { '1': 500, '2': 500 } });
    expect(json.lifelineCpuMicrosPerRequest).toBeCloseTo(300);
    expect(json.clientCpuMicrosPerRequest).toBeCloseTo(50);
  });
});
