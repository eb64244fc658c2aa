import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../errors/index.js';
import { withLastKnownReads } from './last-known-reads.js';
import { createMemoryStore } from './memory/memory-store.js';
import type { LifelineStore } from './store.js';

function switchableStore(): { store: LifelineStore; setDown(down: boolean): void } {
  const inner = createMemoryStore();
  let down = false;
  const guard = <Args extends unknown[], Value>(read: (...args: Args) => Promise<Value>) => async (...args: Args) => {
    if (down) throw new StoreUnavailableError('PostgreSQL is unavailable: connect ECONNREFUSED');
    return read(...args);
  };
  return {
    store: {
      ...inner,
      incidents: { ...inner.incidents, list: guard(inner.incidents.list), listUnresolved: guard(inner.incidents.listUnresolved), get: guard(inner.incidents.get) },
      rollups: { ...inner.rollups, range: guard(inner.rollups.range) },
    },
    setDown: (value) => (down = value),
  };
}

describe('withLastKnownReads', () => {
  it('answers from the last read while the store is unreachable, and with nothing when it never read', async () => {
    const { store, setDown } = switchableStore();
    const reading = withLastKnownReads(store);
    const incident = await store.incidents.create({ title: 'Errors', status: 'investigating', impact: 'major', componentIds: ['provider:a'], automatic: true, body: 'measured', at: 1 });
    expect(await reading.incidents.list({ limit: 50 })).toEqual([incident]);
    setDown(true);
    expect(await reading.incidents.list({ limit: 50 })).toEqual([incident]);
    expect(await reading.incidents.listUnresolved()).toEqual([]);
    expect(await reading.rollups.range('provider:a', 0, 60_000)).toEqual([]);
    setDown(false);
    expect(await reading.incidents.listUnresolved()).toEqual([incident]);
  });

  it('passes any other error through', async () => {
    const store = createMemoryStore();
    const reading = withLastKnownReads(store);
    await store.close();
    await expect(reading.incidents.list()).rejects.toThrow(/closed/);
  });
});
