import type { ComponentId } from '../health/health-types.js';
import type { Clock } from '../resilience/clock.js';

/**
 * Remembers when each component was first published, for Statuspage's `created_at`. In memory on
 * purpose: the value only has to be plausible and stable while the process runs.
 */
export function createFirstSeen(clock: Clock): (id: ComponentId) => number {
  const firstSeen = new Map<ComponentId, number>();
  return (id) => {
    const known = firstSeen.get(id);
    if (known !== undefined) return known;
    const now = clock.now();
    firstSeen.set(id, now);
    return now;
  };
}
