import { systemClock, type Clock } from '../core/clock.js';
import type { LifelineStore, Rollup } from '../store/store.js';
import type { ComponentId, ComponentStatus } from './health-types.js';
import type { PassiveSignals } from './passive-signals.js';
import type { SignalBucket } from './signal-bucket.js';

const MINUTE_MS = 60_000;
/**
 * How often the minutes being counted are written. A `kill -9` loses at most the attempts of the
 * last interval; a clean stop loses nothing.
 */
export const ROLLUP_FLUSH_INTERVAL_MS = 5_000;
/**
 * Ended minutes still written to, besides the one in progress: attempts finishing right at a
 * boundary get in, and after a stall (a suspended laptop) at most this many minutes are caught up.
 */
const TRAILING_MINUTES = 2;

/** Options of a {@link RollupWriter}. */
export interface RollupWriterOptions {
  store: Pick<LifelineStore, 'rollups'>;
  signals: Pick<PassiveSignals, 'minute'>;
  /** The published components (providers and targets) to write, read at each write. */
  components: () => readonly ComponentId[];
  worstStatus: (id: ComponentId, minuteStartMs: number) => ComponentStatus;
  clock?: Clock;
  /** Default {@link ROLLUP_FLUSH_INTERVAL_MS}. */
  flushIntervalMs?: number;
  /** Store failures; health keeps running without storage. */
  onError?: (error: unknown) => void;
}

/** One component's minute as a rollup row: client traffic, and probes counted apart. */
export function toRollup(componentId: ComponentId, minute: number, bucket: SignalBucket | undefined, worstStatus: ComponentStatus): Rollup {
  const generate = bucket?.latency.generate;
  const stream = bucket?.latency.stream;
  return {
    componentId,
    minute,
    requests: bucket?.trafficRequests ?? 0,
    failures: bucket?.trafficFailures ?? 0,
    // Latency is the time to the answer's start of answered client requests (stream: time to first token).
    latencySumMs: Math.round((generate?.sumMs ?? 0) + (stream?.sumMs ?? 0)),
    latencyCount: (generate?.count ?? 0) + (stream?.count ?? 0),
    ttftSumMs: Math.round(stream?.sumMs ?? 0),
    ttftCount: stream?.count ?? 0,
    probes: bucket?.probes ?? 0,
    probeFailures: bucket?.probeFailures ?? 0,
    worstStatus,
  };
}

const COUNTS = ['requests', 'failures', 'latencySumMs', 'latencyCount', 'ttftSumMs', 'ttftCount', 'probes', 'probeFailures'] as const;

/** What `total` has that `written` (an earlier total of the same minute) had not: counts subtract, the status is the total's. */
function difference(total: Rollup, written: Rollup | undefined): Rollup {
  if (!written) return total;
  const rest: Rollup = { ...total };
  for (const field of COUNTS) rest[field] = total[field] - written[field];
  return rest;
}

function addsNothing(rest: Rollup, written: Rollup): boolean {
  return rest.worstStatus === written.worstStatus && COUNTS.every((field) => rest[field] === 0);
}

/**
 * Writes every component's per-minute counts to `store.rollups`: requests, failures, latency and
 * TTFT sums, probes and the worst status seen. Every few seconds it adds what the minute in
 * progress (and the two before it) counted since the last write, so a crash loses at most one
 * flush interval, and a minute a previous process had stored part of is merged with this one's
 * counts (`add` sums), never overwritten. Minutes without traffic are written too, so uptime bars
 * can tell "monitored and fine" from "not running".
 */
export class RollupWriter {
  readonly #options: RollupWriterOptions;
  readonly #clock: Clock;
  /** The minute this writer started in: earlier minutes are not its to write (Lifeline was not running). */
  readonly #firstMinute: number;
  /** What the store has been given so far, per minute still written to and component. */
  readonly #written = new Map<number, Map<ComponentId, Rollup>>();
  #timer: NodeJS.Timeout | undefined;
  #pending: Promise<unknown> = Promise.resolve();

  constructor(options: RollupWriterOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#firstMinute = minuteOf(this.#clock.now());
  }

  /** Flushes every {@link ROLLUP_FLUSH_INTERVAL_MS} (timer unref'd). */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.flush(), this.#options.flushIntervalMs ?? ROLLUP_FLUSH_INTERVAL_MS);
    this.#timer.unref();
  }

  /** Stops the timer and writes everything counted so far, the minute in progress included. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }

  /** Writes what the minutes still written to counted since the last flush; returns the rows added. */
  flush(): Promise<Rollup[]> {
    // One flush at a time: each one's difference is taken against what the previous one wrote.
    const result = this.#pending.then(() => this.#flushNow());
    this.#pending = result.catch(() => undefined);
    return result;
  }

  /**
   * What memory holds of `id`'s minutes in [fromMs, toMs) that the store has not been given yet:
   * a live chart adds these to the stored rows. Older minutes are entirely in the store.
   */
  unwritten(id: ComponentId, fromMs: number, toMs: number): Rollup[] {
    const rows: Rollup[] = [];
    for (const minute of this.#minutesWritten()) {
      if (minute < fromMs || minute >= toMs) continue;
      const bucket = this.#options.signals.minute(id, minute);
      if (!bucket) continue;
      rows.push(difference(toRollup(id, minute, bucket, this.#options.worstStatus(id, minute)), this.#written.get(minute)?.get(id)));
    }
    return rows;
  }

  async #flushNow(): Promise<Rollup[]> {
    const minutes = this.#minutesWritten();
    for (const minute of this.#written.keys()) if (minute < minutes[0]!) this.#written.delete(minute);
    const rows: Rollup[] = [];
    const updates: Array<{ minute: number; id: ComponentId; total: Rollup; before: Rollup | undefined }> = [];
    const components = this.#options.components();
    for (const minute of minutes) {
      const written = this.#written.get(minute);
      for (const id of components) {
        const total = toRollup(id, minute, this.#options.signals.minute(id, minute), this.#options.worstStatus(id, minute));
        const before = written?.get(id);
        const rest = difference(total, before);
        // A minute's first row is written even when empty (monitored, nothing happened).
        if (before && addsNothing(rest, before)) continue;
        rows.push(rest);
        updates.push({ minute, id, total, before });
      }
    }
    if (rows.length === 0) return rows;
    // Counted as written before the write, so a live chart never adds them twice meanwhile; put
    // back if the store fails, so the next flush tries again.
    for (const { minute, id, total } of updates) this.#writtenMinute(minute).set(id, total);
    try {
      await this.#options.store.rollups.add(rows);
    } catch (error) {
      for (const { minute, id, before } of updates) {
        if (before) this.#writtenMinute(minute).set(id, before);
        else this.#written.get(minute)?.delete(id);
      }
      this.#options.onError?.(error);
    }
    return rows;
  }

  #writtenMinute(minute: number): Map<ComponentId, Rollup> {
    let written = this.#written.get(minute);
    if (!written) this.#written.set(minute, (written = new Map()));
    return written;
  }

  /** The minute in progress and the ended ones still written to, oldest first, none before this writer started. */
  #minutesWritten(): number[] {
    const current = minuteOf(this.#clock.now());
    const minutes: number[] = [];
    for (let minute = Math.max(this.#firstMinute, current - TRAILING_MINUTES * MINUTE_MS); minute <= current; minute += MINUTE_MS) minutes.push(minute);
    return minutes;
  }
}

function minuteOf(epochMs: number): number {
  return Math.floor(epochMs / MINUTE_MS) * MINUTE_MS;
}
