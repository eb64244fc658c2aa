import type { GatewayEvents, RequestEndEvent } from '../observability/gateway-events.js';
import { usageRowKey } from '../store/client-key-record.js';
import type { KeyUsage, LifelineStore } from '../store/store.js';
import { utcDay } from './parse-duration.js';
import type { UsageCounters } from './usage-counters.js';

/** How often counted usage is written; a `kill -9` loses at most this much of it. */
export const USAGE_FLUSH_INTERVAL_MS = 5_000;

/** Options for {@link startUsageRecorder}. */
export interface UsageRecorderOptions {
  events: Pick<GatewayEvents, 'onRequestEnd'>;
  store: Pick<LifelineStore, 'keyUsage' | 'clientKeys'>;
  counters: UsageCounters;
  flushIntervalMs?: number;
  onError?: (error: unknown) => void;
}

/** A running usage recorder. */
export interface UsageRecorder {
  /** Writes what was counted since the last flush. */
  flush(): Promise<void>;
  /** What is counted but not yet written, for `keys list` of a live instance (same row shape). */
  unwritten(): KeyUsage[];
  stop(): Promise<void>;
}

/**
 * Counts each client key's requests and tokens from `gateway:request:end` — the providers' own
 * usage figures, streams included, as the handlers report them — into today's token budget at
 * once and into per-day usage rows (by model and answering target) written every few seconds
 * with the keys' last use. A failed write keeps its rows for the next flush (the store may be
 * out), so nothing counted is lost short of a crash.
 */
export function startUsageRecorder(options: UsageRecorderOptions): UsageRecorder {
  let pending = new Map<string, KeyUsage>();
  let lastUsed = new Map<string, number>();
  let flushing: Promise<void> = Promise.resolve();

  const subscription = options.events.onRequestEnd((event: RequestEndEvent) => {
    if (event.clientKey === undefined) return;
    const day = utcDay(event.at);
    const inputTokens = event.inputTokens ?? 0;
    const outputTokens = event.outputTokens ?? 0;
    if (inputTokens + outputTokens > 0) options.counters.addTokens(event.clientKey, day, inputTokens + outputTokens);
    const row: KeyUsage = { keyName: event.clientKey, day, model: event.model ?? '', target: event.target ?? '', requests: 1, inputTokens, outputTokens };
    const id = usageRowKey(row);
    const existing = pending.get(id);
    if (existing === undefined) pending.set(id, row);
    else {
      existing.requests += 1;
      existing.inputTokens += inputTokens;
      existing.outputTokens += outputTokens;
    }
    lastUsed.set(event.clientKey, Math.max(lastUsed.get(event.clientKey) ?? 0, event.at));
  });

  async function flushNow(): Promise<void> {
    if (pending.size === 0 && lastUsed.size === 0) return;
    const rows = [...pending.values()];
    const touched = [...lastUsed].map(([name, at]) => ({ name, at }));
    pending = new Map();
    lastUsed = new Map();
    try {
      await options.store.keyUsage.add(rows);
    } catch (error) {
      // Put back, merged with what arrived meanwhile, for the next flush: the store may be out.
      for (const row of rows) {
        const id = usageRowKey(row);
        const arrived = pending.get(id);
        pending.set(id, arrived === undefined ? row : { ...row, requests: row.requests + arrived.requests, inputTokens: row.inputTokens + arrived.inputTokens, outputTokens: row.outputTokens + arrived.outputTokens });
      }
      keepLastUsed(touched);
      options.onError?.(error);
      return;
    }
    try {
      await options.store.clientKeys.touch(touched);
    } catch (error) {
      keepLastUsed(touched);
      options.onError?.(error);
    }
  }

  function keepLastUsed(touched: Array<{ name: string; at: number }>): void {
    for (const { name, at } of touched) lastUsed.set(name, Math.max(lastUsed.get(name) ?? 0, at));
  }

  function flush(): Promise<void> {
    flushing = flushing.then(flushNow);
    return flushing;
  }

  const timer = setInterval(() => void flush(), options.flushIntervalMs ?? USAGE_FLUSH_INTERVAL_MS);
  timer.unref();

  return {
    flush,
    unwritten: () => [...pending.values()].map((row) => ({ ...row })),
    async stop() {
      clearInterval(timer);
      subscription.dispose();
      await flush();
    },
  };
}
