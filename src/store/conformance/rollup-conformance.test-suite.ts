import { describe, expect, it } from 'vitest';
import type { ComponentStatus } from '../../health/health-types.js';
import type { LifelineStore, Rollup } from '../store.js';

const MINUTE_MS = 60_000;
const BASE_MS = 1_700_000_040_000; // a minute boundary

function rollup(overrides: Partial<Rollup> = {}): Rollup {
  return {
    componentId: 'provider:anthropic',
    minute: BASE_MS,
    requests: 10,
    failures: 1,
    latencySumMs: 1234.5,
    latencyCount: 10,
    ttftSumMs: 800.25,
    ttftCount: 4,
    probes: 1,
    probeFailures: 0,
    worstStatus: 'operational',
    ...overrides,
  };
}

const STATUSES: ComponentStatus[] = ['operational', 'degraded_performance', 'partial_outage', 'major_outage'];

/** Rollup repository cases of the store conformance suite. */
export function describeRollupConformance(currentStore: () => LifelineStore): void {
  describe('rollups', () => {
    it('stores new minutes and reads them oldest first', async () => {
      const later = rollup({ minute: BASE_MS + MINUTE_MS, worstStatus: 'partial_outage' });
      const earlier = rollup();
      await currentStore().rollups.add([later, earlier]);
      expect(await currentStore().rollups.range('provider:anthropic', BASE_MS, BASE_MS + 2 * MINUTE_MS)).toEqual([earlier, later]);
    });

    it('adds counts into an existing minute and keeps the worst status', async () => {
      await currentStore().rollups.add([rollup({ worstStatus: 'degraded_performance' })]);
      await currentStore().rollups.add([
        rollup({
          requests: 5,
          failures: 3,
          latencySumMs: 100,
          latencyCount: 5,
          ttftSumMs: 50.5,
          ttftCount: 1,
          probes: 2,
          probeFailures: 2,
          worstStatus: 'operational',
        }),
      ]);
      expect(await currentStore().rollups.range('provider:anthropic', BASE_MS, BASE_MS + MINUTE_MS)).toEqual([
        rollup({
          requests: 15,
          failures: 4,
          latencySumMs: 1334.5,
          latencyCount: 15,
          ttftSumMs: 850.75,
          ttftCount: 5,
          probes: 3,
          probeFailures: 2,
          worstStatus: 'degraded_performance',
        }),
      ]);
    });

    it('merges duplicates within one batch', async () => {
      await currentStore().rollups.add([rollup(), rollup({ worstStatus: 'major_outage' }), rollup()]);
      const [merged] = await currentStore().rollups.range('provider:anthropic', BASE_MS, BASE_MS + MINUTE_MS);
      expect(merged).toMatchObject({ requests: 30, failures: 3, latencyCount: 30, worstStatus: 'major_outage' });
    });

    it('keeps the more severe status for every pair (operational < degraded < partial < major)', async () => {
      const pairs = STATUSES.flatMap((first) => STATUSES.map((second) => [first, second] as const));
      await currentStore().rollups.add(pairs.map(([first], index) => rollup({ minute: BASE_MS + index * MINUTE_MS, worstStatus: first })));
      await currentStore().rollups.add(pairs.map(([, second], index) => rollup({ minute: BASE_MS + index * MINUTE_MS, worstStatus: second })));
      const stored = await currentStore().rollups.range('provider:anthropic', BASE_MS, BASE_MS + pairs.length * MINUTE_MS);
      const expected = pairs.map(([first, second]) => STATUSES[Math.max(STATUSES.indexOf(first), STATUSES.indexOf(second))]);
      expect(stored.map((entry) => entry.worstStatus)).toEqual(expected);
    });

    it('keys minutes by their start', async () => {
      await currentStore().rollups.add([rollup({ minute: BASE_MS + 1_234 }), rollup({ minute: BASE_MS + 59_999 })]);
      const stored = await currentStore().rollups.range('provider:anthropic', BASE_MS, BASE_MS + MINUTE_MS);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ minute: BASE_MS, requests: 20 });
    });

    it('reads [from, to): includes `from`, excludes `to` and other components', async () => {
      await currentStore().rollups.add([
        rollup({ minute: BASE_MS - MINUTE_MS }),
        rollup({ minute: BASE_MS }),
        rollup({ minute: BASE_MS + MINUTE_MS }),
        rollup({ minute: BASE_MS + 2 * MINUTE_MS }),
        rollup({ componentId: 'target:anthropic/claude-sonnet-4', minute: BASE_MS }),
      ]);
      const stored = await currentStore().rollups.range('provider:anthropic', BASE_MS, BASE_MS + 2 * MINUTE_MS);
      expect(stored.map((entry) => entry.minute)).toEqual([BASE_MS, BASE_MS + MINUTE_MS]);
      expect(await currentStore().rollups.range('provider:anthropic', BASE_MS, BASE_MS)).toEqual([]);
      expect(await currentStore().rollups.range('provider:unknown', 0, Number.MAX_SAFE_INTEGER)).toEqual([]);
    });

    it('accepts an empty batch', async () => {
      await currentStore().rollups.add([]);
      expect(await currentStore().rollups.range('provider:anthropic', 0, Number.MAX_SAFE_INTEGER)).toEqual([]);
    });

    it('prunes minutes strictly before the cut-off and says how many', async () => {
      await currentStore().rollups.add([
        rollup({ minute: BASE_MS - 2 * MINUTE_MS }),
        rollup({ minute: BASE_MS - MINUTE_MS, componentId: 'provider:openai' }),
        rollup({ minute: BASE_MS }),
      ]);
      expect(await currentStore().rollups.prune(BASE_MS)).toBe(2);
      expect(await currentStore().rollups.prune(BASE_MS)).toBe(0);
      expect((await currentStore().rollups.range('provider:anthropic', 0, Number.MAX_SAFE_INTEGER)).map((entry) => entry.minute)).toEqual([BASE_MS]);
      expect(await currentStore().rollups.range('provider:openai', 0, Number.MAX_SAFE_INTEGER)).toEqual([]);
    });
  });
}
