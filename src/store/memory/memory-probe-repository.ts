import type { ComponentId } from '../../health/health-types.js';
import { normalizeLimit } from '../list-limit.js';
import type { ProbeRepository, ProbeResult } from '../store.js';

/** In-memory probe results; insertion order breaks ties between equal times, as in SQLite. */
export function createMemoryProbeRepository(assertOpen: () => void): ProbeRepository {
  let results: ProbeResult[] = [];

  return {
    async add(result: ProbeResult) {
      assertOpen();
      results.push({ ...result });
    },

    async latest(componentId: ComponentId, limit: number) {
      assertOpen();
      const newestFirst = results
        .filter((result) => result.componentId === componentId)
        .reverse()
        .sort((first, second) => second.at - first.at);
      return newestFirst.slice(0, normalizeLimit(limit)).map((result) => ({ ...result }));
    },

    async prune(beforeMs: number) {
      assertOpen();
      const before = results.length;
      results = results.filter((result) => result.at >= beforeMs);
      return before - results.length;
    },
  };
}
