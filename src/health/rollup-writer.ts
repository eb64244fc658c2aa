import { systemClock, type Clock } from '../resilience/clock.js';
import type { LifelineStore, Rollup } from '../store/store.js';
import type { ComponentId, ComponentStatus } from './health-types.js';
import type { PassiveSignals } from './passive-signals.js';
import type { SignalBucket } from './signal-bucket.js';

const MINUTE_MS = 60_000;
/** Write a minute this long after it ended, so attempts finishing right at the boundary are in. */
const SETTLE_MS = 2_000;
/** After a stall (a suspended laptop), catch up on at most this many minutes still held in memory. */
const MAX_CATCH_UP_MINUTES = 2;

/** Options of a {@link RollupWriter}. */
export interface RollupWriterOptions {
  store: Pick<LifelineStore, 'rollups'>;
  signals: Pick<PassiveSignals, 'minute'>;
  /** The published components (providers and targets) to write, read at each write. */
  components: () => readonly ComponentId[];
  worstStatus: (id: ComponentId, minuteStartMs: number) => ComponentStatus;
  clock?: Clock;
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

/**
 * Every minute, writes the minute that just ended for every component to `store.rollups`:
 * counts, latency and TTFT sums, probes and the worst status seen. Minutes without traffic are
 * written too, so uptime bars can tell "monitored and fine" from "not running".
 */
export class RollupWriter {
  readonly #options: RollupWriterOptions;
  readonly #clock: Clock;
  /** Start of the last minute written. */
  #writtenThrough: number;
  #timer: NodeJS.Timeout | undefined;
  #pending: Promise<unknown> = Promise.resolve();

  constructor(options: RollupWriterOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#writtenThrough = minuteOf(this.#clock.now()) - MINUTE_MS;
  }

  /** Writes each minute shortly after it ends (timers unref'd). */
  start(): void {
    if (this.#timer) return;
    const schedule = () => {
      const now = this.#clock.now();
      const delayMs = minuteOf(now) + MINUTE_MS + SETTLE_MS - now;
      this.#timer = setTimeout(() => {
        void this.writeDue();
        schedule();
      }, delayMs);
      this.#timer.unref();
    };
    schedule();
  }

  /** Stops the timer, writes the minute in progress so far, and waits for writes in flight. */
  async stop(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.writeDue();
    const current = minuteOf(this.#clock.now());
    if (current > this.#writtenThrough) await this.write(current);
    await this.#pending;
  }

  /** Writes every completed minute not yet written; returns the rows. */
  async writeDue(): Promise<Rollup[]> {
    const lastComplete = minuteOf(this.#clock.now()) - MINUTE_MS;
    const first = Math.max(this.#writtenThrough + MINUTE_MS, lastComplete - (MAX_CATCH_UP_MINUTES - 1) * MINUTE_MS);
    const rows: Rollup[] = [];
    for (let minute = first; minute <= lastComplete; minute += MINUTE_MS) rows.push(...(await this.write(minute)));
    return rows;
  }

  /** Writes one minute for every component. */
  async write(minute: number): Promise<Rollup[]> {
    this.#writtenThrough = Math.max(this.#writtenThrough, minute);
    const rows = this.#options.components().map((id) => toRollup(id, minute, this.#options.signals.minute(id, minute), this.#options.worstStatus(id, minute)));
    if (rows.length === 0) return rows;
    const write = this.#options.store.rollups.add(rows).catch((error: unknown) => this.#options.onError?.(error));
    this.#pending = this.#pending.then(() => write);
    await write;
    return rows;
  }
}

function minuteOf(epochMs: number): number {
  return Math.floor(epochMs / MINUTE_MS) * MINUTE_MS;
}
