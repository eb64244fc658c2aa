import type { ClientKeyAdmin } from '../admin/client-key-admin-routes.js';
import type { GatewayEvents } from '../observability/gateway-events.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { LifelineStore } from '../store/store.js';
import { createClientAccess, type ClientAccess } from './client-access.js';
import { ClientKeyCache } from './client-key-cache.js';
import { listClientKeys } from './client-key-service.js';
import { utcDay } from './parse-duration.js';
import { createInProcessUsageCounters, type UsageCounters } from './usage-counters.js';
import { startUsageRecorder } from './usage-recorder.js';

/** Options for {@link startClientKeys}. */
export interface StartClientKeysOptions {
  store: Pick<LifelineStore, 'clientKeys' | 'keyUsage'>;
  events: Pick<GatewayEvents, 'onRequestEnd'>;
  /** `server.require_client_key` as written. */
  requireClientKey: boolean | undefined;
  /** The server listens beyond loopback. */
  exposed: boolean;
  /** Budgets: in-process by default (a shared implementation plugs in here). */
  counters?: UsageCounters;
  clock?: Clock;
  onError?: (error: unknown) => void;
}

/** Client keys at work in a running Lifeline. */
export interface ClientKeys {
  access: ClientAccess;
  admin: ClientKeyAdmin;
  /** Keys in the store (revoked ones included) when last loaded. */
  count(): number;
  stop(): Promise<void>;
}

/**
 * Loads the client keys into memory, seeds today's token budgets from the stored usage (a
 * restart does not reset a key's day), and starts counting usage from the gateway's events.
 */
export async function startClientKeys(options: StartClientKeysOptions): Promise<ClientKeys> {
  const clock = options.clock ?? systemClock;
  const counters = options.counters ?? createInProcessUsageCounters();
  const cache = new ClientKeyCache({ keys: options.store.clientKeys, clock, ...(options.onError ? { onError: options.onError } : {}) });
  await cache.start();
  const today = utcDay(clock.now());
  for (const row of await options.store.keyUsage.range(undefined, today, today)) counters.seedTokens(row.keyName, today, row.inputTokens + row.outputTokens);
  const recorder = startUsageRecorder({ events: options.events, store: options.store, counters, ...(options.onError ? { onError: options.onError } : {}) });
  const access = createClientAccess({ cache, counters, required: options.requireClientKey, exposed: options.exposed });
  return {
    access,
    admin: {
      store: options.store,
      now: () => clock.now(),
      unwritten: () => recorder.unwritten(),
      changed: () => cache.refresh(),
      list: () => listClientKeys(options.store, clock.now(), recorder.unwritten()),
    },
    count: () => cache.count,
    async stop() {
      cache.stop();
      await recorder.stop();
    },
  };
}
