import type { ComponentId, ComponentStatus } from '../../../src/health/health-types.js';
import type { LifelineStore, Rollup } from '../../../src/store/store.js';
import { DAY_MS, MINUTE_MS, startOfDay } from '../../../src/status/api/history.js';

/**
 * Writes believable history for tests and screenshots: one minute per hour for 90 days (a few bad
 * days on the first component), then every minute of the last hour with wavy latency and TTFT.
 */
export async function seedHistory(store: LifelineStore, nowMs: number, componentIds: ComponentId[]): Promise<void> {
  const rollups: Rollup[] = [];
  const today = startOfDay(nowMs);
  componentIds.forEach((componentId, componentIndex) => {
    for (let day = 89; day >= 1; day -= 1) {
      for (let hour = 0; hour < 24; hour += 1) {
        const minute = today - day * DAY_MS + hour * 3_600_000;
        rollups.push(row(componentId, minute, badDay(componentIndex, day, hour), 700));
      }
    }
    const currentMinute = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
    for (let minutesAgo = 59; minutesAgo >= 1; minutesAgo -= 1) {
      const wave = Math.sin((minutesAgo + componentIndex * 7) / 6);
      rollups.push(row(componentId, currentMinute - minutesAgo * MINUTE_MS, 'operational', 650 + 180 * wave + componentIndex * 90));
    }
  });
  await store.rollups.add(rollups);
}

function badDay(componentIndex: number, day: number, hour: number): ComponentStatus {
  if (componentIndex !== 0) return day === 40 && hour === 3 ? 'degraded_performance' : 'operational';
  if (day === 12 && hour < 3) return 'major_outage';
  if (day === 33 && hour === 9) return 'partial_outage';
  if (day === 61 && hour === 14) return 'degraded_performance';
  return 'operational';
}

function row(componentId: ComponentId, minute: number, worstStatus: ComponentStatus, latencyMs: number): Rollup {
  const failures = worstStatus === 'major_outage' ? 20 : worstStatus === 'partial_outage' ? 6 : 0;
  return {
    componentId,
    minute,
    requests: 20,
    failures,
    latencySumMs: Math.round(latencyMs * 10),
    latencyCount: 10,
    ttftSumMs: Math.round(latencyMs * 0.45 * 10),
    ttftCount: 10,
    probes: 1,
    probeFailures: failures > 0 ? 1 : 0,
    worstStatus,
  };
}
