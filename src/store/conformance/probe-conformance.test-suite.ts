import { describe, expect, it } from 'vitest';
import type { LifelineStore, ProbeResult } from '../store.js';

function probe(overrides: Partial<ProbeResult> = {}): ProbeResult {
  return { componentId: 'target:openai/gpt-4.1', at: 10_000, ok: true, latencyMs: 321, ...overrides };
}

/** Probe repository cases of the store conformance suite. */
export function describeProbeConformance(currentStore: () => LifelineStore): void {
  describe('probes', () => {
    it('returns the latest results of one component, newest first, up to the limit', async () => {
      await currentStore().probes.add(probe({ at: 1_000 }));
      await currentStore().probes.add(probe({ at: 3_000, ok: false, failureClass: 'overloaded', latencyMs: 12.5, key: 'key-1 …ab12' }));
      await currentStore().probes.add(probe({ at: 2_000 }));
      await currentStore().probes.add(probe({ at: 4_000, componentId: 'target:openai/gpt-4o' }));

      expect(await currentStore().probes.latest('target:openai/gpt-4.1', 2)).toEqual([
        probe({ at: 3_000, ok: false, failureClass: 'overloaded', latencyMs: 12.5, key: 'key-1 …ab12' }),
        probe({ at: 2_000 }),
      ]);
      expect((await currentStore().probes.latest('target:openai/gpt-4.1', 10)).map((result) => result.at)).toEqual([3_000, 2_000, 1_000]);
    });

    it('leaves absent optional fields absent', async () => {
      await currentStore().probes.add(probe());
      const [stored] = await currentStore().probes.latest('target:openai/gpt-4.1', 1);
      expect(stored).toEqual(probe());
      expect(stored !== undefined && 'failureClass' in stored && stored.failureClass !== undefined).toBe(false);
      expect(stored?.key).toBeUndefined();
    });

    it('puts the later-recorded result first when times are equal', async () => {
      await currentStore().probes.add(probe({ latencyMs: 1 }));
      await currentStore().probes.add(probe({ latencyMs: 2 }));
      expect((await currentStore().probes.latest('target:openai/gpt-4.1', 2)).map((result) => result.latencyMs)).toEqual([2, 1]);
    });

    it('returns nothing for limit 0 or an unknown component', async () => {
      await currentStore().probes.add(probe());
      expect(await currentStore().probes.latest('target:openai/gpt-4.1', 0)).toEqual([]);
      expect(await currentStore().probes.latest('target:nobody/none', 5)).toEqual([]);
    });

    it('prunes results strictly before the cut-off and says how many', async () => {
      await currentStore().probes.add(probe({ at: 1_000 }));
      await currentStore().probes.add(probe({ at: 1_999, componentId: 'target:openai/gpt-4o' }));
      await currentStore().probes.add(probe({ at: 2_000 }));
      expect(await currentStore().probes.prune(2_000)).toBe(2);
      expect(await currentStore().probes.prune(2_000)).toBe(0);
      expect((await currentStore().probes.latest('target:openai/gpt-4.1', 10)).map((result) => result.at)).toEqual([2_000]);
      expect(await currentStore().probes.latest('target:openai/gpt-4o', 10)).toEqual([]);
    });
  });
}
