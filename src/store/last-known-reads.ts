import { isStoreUnavailableError } from '../errors/index.js';
import type { LifelineStore } from './store.js';

/** Distinct argument lists remembered per method; the status page asks with a handful. */
const MAX_REMEMBERED = 64;

/**
 * The store as the status page reads it: when the store is unreachable, incident lists answer
 * with the last list read for the same arguments (or none) and rollup ranges with no stored
 * minutes (the page still adds what memory holds). The page, which people open precisely during
 * outages, then keeps showing live verdicts instead of failing with the database. Other errors
 * and every write are as before.
 */
export function withLastKnownReads(store: LifelineStore): LifelineStore {
  const remembered = new Map<string, unknown>();

  function lastKnown<Args extends unknown[], Value>(name: string, read: (...args: Args) => Promise<Value>, fallback: () => Value) {
    return async (...args: Args): Promise<Value> => {
      const key = `${name}:${JSON.stringify(args)}`;
      try {
        const value = await read(...args);
        if (!remembered.has(key) && remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
        remembered.set(key, value);
        return value;
      } catch (error) {
        if (!isStoreUnavailableError(error)) throw error;
        return remembered.has(key) ? (remembered.get(key) as Value) : fallback();
      }
    };
  }

  const { incidents, rollups } = store;
  return {
    ...store,
    incidents: {
      ...incidents,
      list: lastKnown('list', (options?: Parameters<typeof incidents.list>[0]) => incidents.list(options), () => []),
      listUnresolved: lastKnown('listUnresolved', () => incidents.listUnresolved(), () => []),
      get: lastKnown('get', (id: string) => incidents.get(id), () => undefined),
    },
    rollups: { ...rollups, range: lastKnown('range', (...args: Parameters<typeof rollups.range>) => rollups.range(...args), () => []) },
  };
}
