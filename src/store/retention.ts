import { systemClock, type Clock } from '../core/clock.js';
import type { LifelineStore } from './store.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Options for {@link startRetention}. */
export interface RetentionOptions {
  /** Keep this many days of per-minute rollups (the 90-day uptime bars). Default 90. */
  rollupDays?: number;
  /** Keep this many days of raw probe results. Default 7. */
  probeDays?: number;
  /** Keep this many days of finished webhook deliveries (pending ones are kept until they finish). Default 30. */
  webhookDays?: number;
  /** Keep this many UTC days of client-key usage. Default 90. */
  keyUsageDays?: number;
  /** How often to prune. Default one hour. */
  intervalMs?: number;
  clock?: Clock;
  /** Told about a failed pass (e.g. the database is locked); the next pass tries again. */
  onError?: (error: unknown) => void;
}

/** How many rows one pass removed. */
export interface RetentionPass {
  rollups: number;
  probes: number;
  webhooks: number;
  keyUsage: number;
  /** Stored Responses API responses past their `expiresAt` (each carries its own TTL). */
  responses: number;
}

/** A running retention loop. */
export interface Retention {
  /** Prunes now, outside the schedule (also what each tick does). */
  runOnce(): Promise<RetentionPass>;
  stop(): void;
}

/**
 * Deletes rollups, probe results, finished webhook deliveries and client-key usage older than their retention,
 * and stored responses past their expiry, once at start (a restart after a
 * long stop catches up at once) and then every `intervalMs`. The timer is unref'd so it never
 * keeps the process alive on its own.
 * @example
 * const retention = startRetention(store, { rollupDays: 90, probeDays: 7, webhookDays: 30, intervalMs: 3_600_000 });
 * // on shutdown: retention.stop(); await store.close();
 */
export function startRetention(store: LifelineStore, options: RetentionOptions = {}): Retention {
  const clock = options.clock ?? systemClock;
  const rollupMs = (options.rollupDays ?? 90) * DAY_MS;
  const probeMs = (options.probeDays ?? 7) * DAY_MS;
  const webhookMs = (options.webhookDays ?? 30) * DAY_MS;
  const keyUsageMs = (options.keyUsageDays ?? 90) * DAY_MS;
  const intervalMs = options.intervalMs ?? 60 * 60 * 1000;
  const onError = options.onError ?? (() => {});
  let stopped = false;

  async function runOnce(): Promise<RetentionPass> {
    const nowMs = clock.now();
    const rollups = await store.rollups.prune(nowMs - rollupMs);
    const probes = await store.probes.prune(nowMs - probeMs);
    const webhooks = await store.webhooks.prune(nowMs - webhookMs);
    const keyUsage = await store.keyUsage.prune(new Date(nowMs - keyUsageMs).toISOString().slice(0, 10));
    const responses = await store.responses.prune(nowMs);
    return { rollups, probes, webhooks, keyUsage, responses };
  }

  function tick(): void {
    // A store closed during shutdown races the last tick; that failure is expected, not news.
    if (stopped) return;
    runOnce().catch((error: unknown) => {
      if (!stopped) onError(error);
    });
  }

  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();

  return {
    runOnce,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
