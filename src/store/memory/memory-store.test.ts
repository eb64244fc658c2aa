import { describe, expect, it } from 'vitest';
import { runStoreConformance } from '../store-conformance.test-suite.js';
import { createMemoryStore } from './memory-store.js';

runStoreConformance({ name: 'memory', create: async () => createMemoryStore() });

describe('createMemoryStore', () => {
  it('stamps defaulted times with the injected clock', async () => {
    const store = createMemoryStore({ clock: { now: () => 42_000 } });
    const incident = await store.incidents.create({
      title: 'Slow answers',
      status: 'investigating',
      impact: 'minor',
      componentIds: ['provider:openai'],
      automatic: true,
      body: 'p50 latency 4.1 s against a 0.9 s baseline',
    });
    expect(incident.createdAt).toBe(42_000);
    expect(store.kind).toBe('memory');
  });

  it('keeps stores independent of each other', async () => {
    const first = createMemoryStore();
    const second = createMemoryStore();
    await first.probes.add({ componentId: 'provider:openai', at: 1, ok: true, latencyMs: 5 });
    expect(await second.probes.latest('provider:openai', 5)).toEqual([]);
  });
});
