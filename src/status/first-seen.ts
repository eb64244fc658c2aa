import type { ComponentId } from '../health/health-types.js';
import type { Clock } from '../core/clock.js';

/** When each component was first published; `retain` forgets the ones no longer published. */
export type FirstSeen = ((id: ComponentId) => number) & { retain(ids: Iterable<ComponentId>): void };

/**
 * Remembers when each component was first published, for Statuspage's `created_at`. In memory on
 * purpose: the value only has to be plausible and stable while the process runs. Components come
 * and go (client-named models the gateway drops), so the status routes `retain` the published ones.
 */
export function createFirstSeen(clock: Clock): FirstSeen {
  const firstSeen = new Map<ComponentId, number>();
  const at = (id: ComponentId): number => {
    const known = firstSeen.get(id);
    if (known !== undefined) return known;
    const now = clock.now();
    firstSeen.set(id, now);
    return now;
  };
  return Object.assign(at, {
    retain(ids: Iterable<ComponentId>) {
      const kept = new Set(ids);
      for (const id of firstSeen.keys()) if (!kept.has(id)) firstSeen.delete(id);
    },
  });
}
