import { Gauge, type Registry } from 'prom-client';
import type { StoreHealth } from './retried-writes.js';

/**
 * The store's health as Prometheus gauges: whether it answers, writes waiting for it, failed
 * attempts and dropped writes. Read at scrape time from {@link StoreHealth}.
 */
export function registerStoreMetrics(registry: Registry, health: () => StoreHealth): void {
  const gauge = (name: string, help: string, read: (state: StoreHealth) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(health()));
      },
    });
  gauge('lifeline_store_available', 'Whether the store answered the last write: 1 yes, 0 no (writes are held and retried).', (state) => (state.available ? 1 : 0));
  gauge('lifeline_store_writes_pending', 'Background writes waiting for the store to come back.', (state) => state.pendingWrites);
  gauge('lifeline_store_write_failures_total', 'Write attempts that failed because the store was unreachable, since start.', (state) => state.failedAttempts);
  gauge('lifeline_store_writes_dropped_total', 'Writes dropped because too many were already waiting for the store, since start.', (state) => state.droppedWrites);
}
