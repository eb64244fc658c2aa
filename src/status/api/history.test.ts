import { describe, expect, it } from 'vitest';
import type { Rollup } from '../../store/store.js';
import { DAY_MS, HOUR_MS, dailyUptime, latencySeries, mergeRollups, overallUptime, startOfDay } from './history.js';

const NOW = Date.UTC(2026, 10, 23, 9, 44, 18);
const TODAY = startOfDay(NOW);

function minute(at: number, partial: Partial<Rollup> = {}): Rollup {
  return {
    componentId: 'target:a/m',
    minute: at,
    requests: 10,
    failures: 0,
    latencySumMs: 4000,
    latencyCount: 10,
    ttftSumMs: 0,
    ttftCount: 0,
    probes: 0,
    probeFailures: 0,
    worstStatus: 'operational',
    ...partial,
  };
}

describe('dailyUptime', () => {
  it('weights major outages fully and partial outages at 30 %, over the minutes with data', () => {
    const rollups = [
      ...Array.from({ length: 8 }, (_, index) => minute(TODAY + index * 60_000)),
      minute(TODAY + 8 * 60_000, { worstStatus: 'major_outage', failures: 10 }),
      minute(TODAY + 9 * 60_000, { worstStatus: 'partial_outage', failures: 3 }),
      minute(TODAY - DAY_MS, { worstStatus: 'degraded_performance' }),
    ];
    const days = dailyUptime(rollups, NOW, 3);
    expect(days.map((day) => day.date)).toEqual(['2026-11-21', '2026-11-22', '2026-11-23']);
    expect(days[0]).toEqual({ date: '2026-11-21', uptimePercent: null, worstStatus: null, minutes: 0, requests: 0, failures: 0 });
    expect(days[1]).toMatchObject({ uptimePercent: 100, worstStatus: 'degraded_performance', minutes: 1 });
    expect(days[2]).toMatchObject({ uptimePercent: 87, worstStatus: 'major_outage', minutes: 10, requests: 100, failures: 13 });
    expect(overallUptime(days)).toBe(88.18);
  });

  it('ignores minutes outside the window and reports no data as null', () => {
    expect(dailyUptime([minute(TODAY - 5 * DAY_MS)], NOW, 2).every((day) => day.uptimePercent === null)).toBe(true);
    expect(overallUptime(dailyUptime([], NOW, 90))).toBeNull();
  });
});

describe('latencySeries', () => {
  it('averages latency and TTFT per hour bucket, oldest first, skipping empty buckets', () => {
    const rollups = [
      minute(TODAY + 2 * HOUR_MS + 60_000, { latencySumMs: 3000, latencyCount: 10, ttftSumMs: 900, ttftCount: 3 }),
      minute(TODAY + 60_000, { latencySumMs: 1000, latencyCount: 2 }),
      minute(TODAY + 120_000, { latencySumMs: 2000, latencyCount: 2 }),
    ];
    expect(latencySeries(rollups, 'hour')).toEqual([
      { at: TODAY, requests: 20, failures: 0, latencyAvgMs: 750, ttftAvgMs: null },
      { at: TODAY + 2 * HOUR_MS, requests: 10, failures: 0, latencyAvgMs: 300, ttftAvgMs: 300 },
    ]);
    expect(latencySeries(rollups, 'minute')).toHaveLength(3);
  });
});

describe('mergeRollups', () => {
  it('sums minutes of several components and keeps the worst status', () => {
    const merged = mergeRollups([[minute(TODAY)], [minute(TODAY, { worstStatus: 'partial_outage', failures: 4 }), minute(TODAY + 60_000)]], 'provider:a');
    expect(merged).toEqual([
      minute(TODAY, { componentId: 'provider:a', requests: 20, failures: 4, latencySumMs: 8000, latencyCount: 20, worstStatus: 'partial_outage' }),
      minute(TODAY + 60_000, { componentId: 'provider:a' }),
    ]);
  });
});
