import type { ComponentId } from '../../health/health-types.js';
import { mergeRollup, minuteStart } from '../rollup-merge.js';
import type { Rollup, RollupRepository } from '../store.js';

/** In-memory per-minute rollups, keyed by component then minute start. */
export function createMemoryRollupRepository(assertOpen: () => void): RollupRepository {
  const byComponent = new Map<ComponentId, Map<number, Rollup>>();

  return {
    async add(rollups: Rollup[]) {
      assertOpen();
      for (const rollup of rollups) {
        const added = { ...rollup, minute: minuteStart(rollup.minute) };
        let minutes = byComponent.get(added.componentId);
        if (minutes === undefined) {
          minutes = new Map();
          byComponent.set(added.componentId, minutes);
        }
        const existing = minutes.get(added.minute);
        minutes.set(added.minute, existing === undefined ? added : mergeRollup(existing, added));
      }
    },

    async range(componentId: ComponentId, fromMs: number, toMs: number) {
      assertOpen();
      const minutes = byComponent.get(componentId);
      if (minutes === undefined) return [];
      return [...minutes.values()]
        .filter((rollup) => rollup.minute >= fromMs && rollup.minute < toMs)
        .sort((first, second) => first.minute - second.minute)
        .map((rollup) => ({ ...rollup }));
    },

    async prune(beforeMs: number) {
      assertOpen();
      let removed = 0;
      for (const [componentId, minutes] of byComponent) {
        for (const minute of minutes.keys()) {
          if (minute < beforeMs) {
            minutes.delete(minute);
            removed += 1;
          }
        }
        if (minutes.size === 0) byComponent.delete(componentId);
      }
      return removed;
    },
  };
}
