import { worseStatus, type ComponentStatus } from '../../health/health-types.js';
import type { Rollup } from '../../store/store.js';
import { mergeRollup } from '../../store/rollup-merge.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/**
 * How much of a minute counts as down for uptime, after Statuspage's own rule: a major outage
 * counts fully, a partial outage 30 %, degraded performance not at all.
 */
const DOWNTIME_WEIGHT: Record<ComponentStatus, number> = {
  operational: 0,
  degraded_performance: 0,
  partial_outage: 0.3,
  major_outage: 1,
};

/** One day of a component's uptime (UTC days, the page's time zone). */
export interface DailyUptime {
  /** `YYYY-MM-DD`. */
  date: string;
  /** 0..100 with two decimals, over the minutes that have data; null when the day has none. */
  uptimePercent: number | null;
  /** Worst status seen that day; null when the day has no data. */
  worstStatus: ComponentStatus | null;
  /** Minutes with data. */
  minutes: number;
  requests: number;
  failures: number;
}

/** One point of a latency / time-to-first-token series (buckets without data are left out). */
export interface SeriesPoint {
  /** Bucket start, epoch ms. */
  at: number;
  requests: number;
  failures: number;
  /** Mean latency to answer start (non-streaming), ms; null when nothing was measured. */
  latencyAvgMs: number | null;
  /** Mean time to first token (streams), ms. */
  ttftAvgMs: number | null;
}

export type SeriesResolution = 'minute' | 'hour';

/** Start of the UTC day holding `epochMs`. */
export function startOfDay(epochMs: number): number {
  return Math.floor(epochMs / DAY_MS) * DAY_MS;
}

/** Per-day uptime for the `days` days ending with the day of `nowMs`, oldest first. */
export function dailyUptime(rollups: readonly Rollup[], nowMs: number, days: number): DailyUptime[] {
  const firstDay = startOfDay(nowMs) - (days - 1) * DAY_MS;
  const result: DailyUptime[] = Array.from({ length: days }, (_, index) => ({
    date: new Date(firstDay + index * DAY_MS).toISOString().slice(0, 10),
    uptimePercent: null,
    worstStatus: null,
    minutes: 0,
    requests: 0,
    failures: 0,
  }));
  const downMinutes = new Array<number>(days).fill(0);
  for (const rollup of rollups) {
    const index = Math.floor((rollup.minute - firstDay) / DAY_MS);
    const day = result[index];
    if (day === undefined) continue;
    day.minutes += 1;
    day.requests += rollup.requests;
    day.failures += rollup.failures;
    day.worstStatus = day.worstStatus === null ? rollup.worstStatus : worseStatus(day.worstStatus, rollup.worstStatus);
    downMinutes[index] = (downMinutes[index] ?? 0) + DOWNTIME_WEIGHT[rollup.worstStatus];
  }
  result.forEach((day, index) => {
    if (day.minutes > 0) day.uptimePercent = roundTwo(100 * (1 - (downMinutes[index] ?? 0) / day.minutes));
  });
  return result;
}

/** Overall uptime over the given days (minute-weighted), or null without data. */
export function overallUptime(days: readonly DailyUptime[]): number | null {
  const minutes = days.reduce((sum, day) => sum + day.minutes, 0);
  if (minutes === 0) return null;
  const up = days.reduce((sum, day) => sum + ((day.uptimePercent ?? 0) / 100) * day.minutes, 0);
  return roundTwo((100 * up) / minutes);
}

/** Latency and TTFT means per bucket, oldest first. */
export function latencySeries(rollups: readonly Rollup[], resolution: SeriesResolution): SeriesPoint[] {
  const bucketMs = resolution === 'minute' ? MINUTE_MS : HOUR_MS;
  const buckets = new Map<number, { requests: number; failures: number; latencySum: number; latencyCount: number; ttftSum: number; ttftCount: number }>();
  for (const rollup of rollups) {
    const at = Math.floor(rollup.minute / bucketMs) * bucketMs;
    const bucket = buckets.get(at) ?? { requests: 0, failures: 0, latencySum: 0, latencyCount: 0, ttftSum: 0, ttftCount: 0 };
    bucket.requests += rollup.requests;
    bucket.failures += rollup.failures;
    bucket.latencySum += rollup.latencySumMs;
    bucket.latencyCount += rollup.latencyCount;
    bucket.ttftSum += rollup.ttftSumMs;
    bucket.ttftCount += rollup.ttftCount;
    buckets.set(at, bucket);
  }
  return [...buckets.entries()]
    .sort(([first], [second]) => first - second)
    .map(([at, bucket]) => ({
      at,
      requests: bucket.requests,
      failures: bucket.failures,
      latencyAvgMs: bucket.latencyCount === 0 ? null : Math.round(bucket.latencySum / bucket.latencyCount),
      ttftAvgMs: bucket.ttftCount === 0 ? null : Math.round(bucket.ttftSum / bucket.ttftCount),
    }));
}

/** Sums several components' minutes into one (a provider from its targets); worst status wins. */
export function mergeRollups(lists: ReadonlyArray<readonly Rollup[]>, componentId: string): Rollup[] {
  const byMinute = new Map<number, Rollup>();
  for (const rollup of lists.flat()) {
    const existing = byMinute.get(rollup.minute);
    byMinute.set(rollup.minute, existing === undefined ? { ...rollup, componentId } : mergeRollup(existing, rollup));
  }
  return [...byMinute.values()].sort((first, second) => first.minute - second.minute);
}

function roundTwo(value: number): number {
  return Math.round(value * 100) / 100;
}
