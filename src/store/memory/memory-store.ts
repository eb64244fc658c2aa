import { systemClock, type Clock } from '../../core/clock.js';
import { createIdGenerator } from '../../core/create-id.js';
import type { LifelineStore } from '../store.js';
import { createMemoryDeferredJobRepository } from './memory-deferred-job-repository.js';
import { createMemoryClientKeyRepository } from './memory-client-key-repository.js';
import { createMemoryIncidentRepository } from './memory-incident-repository.js';
import { createMemoryKeyUsageRepository } from './memory-key-usage-repository.js';
import { createMemoryResponseRepository } from './memory-response-repository.js';
import { createMemoryProbeRepository } from './memory-probe-repository.js';
import { createMemoryRollupRepository } from './memory-rollup-repository.js';
import { createMemoryWebhookRepository } from './memory-webhook-repository.js';

/** Options for {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** Time source for defaulted timestamps (`at` omitted) and ids; the wall clock by default. */
  clock?: Clock;
}

/**
 * The reference store: everything in process memory, lost on exit. Use it in tests of other
 * modules; it follows exactly the rules the conformance suite checks for SQLite.
 * @example
 * const store = createMemoryStore();
 * const incident = await store.incidents.create({ title: 'Elevated errors', status: 'investigating',
 *   impact: 'minor', componentIds: ['provider:anthropic'], automatic: true, body: '42% of requests failed' });
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): LifelineStore {
  const clock = options.clock ?? systemClock;
  const nextId = createIdGenerator(clock);
  let closed = false;
  // Mirrors SQLite, which fails after close: a test using a closed store has a bug worth seeing.
  const assertOpen = (): void => {
    if (closed) throw new Error('The memory store is closed');
  };

  return {
    kind: 'memory',
    incidents: createMemoryIncidentRepository(clock, nextId, assertOpen),
    rollups: createMemoryRollupRepository(assertOpen),
    probes: createMemoryProbeRepository(assertOpen),
    webhooks: createMemoryWebhookRepository(nextId, assertOpen),
    clientKeys: createMemoryClientKeyRepository(assertOpen),
    keyUsage: createMemoryKeyUsageRepository(assertOpen),
    deferredJobs: createMemoryDeferredJobRepository(assertOpen),
    responses: createMemoryResponseRepository(assertOpen),
    async close() {
      closed = true;
    },
  };
}
