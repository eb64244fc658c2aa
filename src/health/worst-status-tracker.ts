import { worseStatus, type ComponentId, type ComponentStatus } from './health-types.js';

const MINUTE_MS = 60_000;
/** Minutes kept: the rollup writer reads the one that just ended, a little late at worst. */
const MINUTES_KEPT = 5;

/** The worst published status of each component per minute, for the rollups' uptime bars. */
export class WorstStatusTracker {
  readonly #minutes = new Map<number, Map<ComponentId, ComponentStatus>>();
  readonly #latest = new Map<ComponentId, ComponentStatus>();

  /** Notes that `id` had `status` at `atMs`. */
  record(id: ComponentId, status: ComponentStatus, atMs: number): void {
    const minute = Math.floor(atMs / MINUTE_MS) * MINUTE_MS;
    let statuses = this.#minutes.get(minute);
    if (!statuses) {
      statuses = new Map();
      this.#minutes.set(minute, statuses);
      for (const kept of this.#minutes.keys()) if (kept <= minute - MINUTES_KEPT * MINUTE_MS) this.#minutes.delete(kept);
    }
    const previous = statuses.get(id);
    statuses.set(id, previous ? worseStatus(previous, status) : status);
    this.#latest.set(id, status);
  }

  /** Drops what is known about `id` (a component that no longer exists). */
  forget(id: ComponentId): void {
    this.#latest.delete(id);
    for (const statuses of this.#minutes.values()) statuses.delete(id);
  }

  /** The worst status of `id` during the minute starting at `minuteStartMs`; the latest known when none was recorded. */
  worst(id: ComponentId, minuteStartMs: number): ComponentStatus {
    return this.#minutes.get(minuteStartMs)?.get(id) ?? this.#latest.get(id) ?? 'operational';
  }
}
