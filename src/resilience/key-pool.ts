import { systemClock, type Clock } from '../core/clock.js';
import { policyFor, type FailureClass } from '../errors/index.js';
import { TypedEmitter, type TypedEvent } from '../core/typed-event.js';
import { nonNegativeInteger } from './validate-options.js';

/** Default cooldowns when the provider gave no time; the config's `resilience.keys` section. */
export interface KeyCooldownDefaults {
  /** A rejected key stays rejected until someone fixes it; re-check hourly. */
  authCooldownMs: number;
  /** Spend limits reset on the provider's schedule; re-check every 15 min. */
  quotaCooldownMs: number;
  /** A 429 without retry-after / reset headers. */
  rateLimitCooldownMs: number;
}

/** Defaults: auth 1 h, quota 15 min, rate limit 30 s. */
export const DEFAULT_KEY_COOLDOWNS: Readonly<KeyCooldownDefaults> = {
  authCooldownMs: 60 * 60 * 1000,
  quotaCooldownMs: 15 * 60 * 1000,
  rateLimitCooldownMs: 30 * 1000,
};

/** One key's state for admins: the label only, never the secret. */
export interface KeyState {
  label: string;
  status: 'available' | 'cooling';
  /** Why it is cooling (present only while cooling). */
  reason?: FailureClass;
  /** When it becomes usable again (present only while cooling). */
  untilMs?: number;
}

/** A key's cooldown as it is shared: until when, and why; `undefined` when it was lifted. */
export interface KeyCooldownChange {
  label: string;
  cooldown: { untilMs: number; reason: FailureClass } | undefined;
}

interface KeyEntry<Key> {
  key: Key;
  /** Position in the configured list; breaks ties in the round-robin order. */
  position: number;
  cooldown?: { untilMs: number; reason: FailureClass };
  /** When the key was last cooled down; -Infinity if never. Orders `pick()`. */
  lastThrottledAt: number;
}

/**
 * The API keys of one provider and their cooldowns. `pick()` hands out the usable keys,
 * least-recently-throttled first; keys never throttled (or throttled equally long ago) rotate
 * round-robin between calls, so load spreads over the keys instead of draining the first one
 * into its rate limit.
 */
export class KeyPool<Key extends { label: string }> {
  readonly #entries: Array<KeyEntry<Key>>;
  readonly #byLabel = new Map<string, KeyEntry<Key>>();
  readonly #cooldowns: KeyCooldownDefaults;
  readonly #clock: Clock;
  readonly #cooldownEmitter = new TypedEmitter<KeyCooldownChange>();
  #rotation = 0;

  /** Fires when this pool cools a key down or a success lifts its cooldown (not for {@link KeyPool.applySharedCooldown}). */
  readonly onCooldownChange: TypedEvent<KeyCooldownChange> = this.#cooldownEmitter.event;

  constructor(keys: readonly Key[], options: { cooldowns?: Partial<KeyCooldownDefaults>; clock?: Clock } = {}) {
    this.#entries = keys.map((key, position) => ({ key, position, lastThrottledAt: Number.NEGATIVE_INFINITY }));
    for (const entry of this.#entries) {
      if (this.#byLabel.has(entry.key.label)) throw new RangeError(`duplicate key label ${entry.key.label}`);
      this.#byLabel.set(entry.key.label, entry);
    }
    this.#cooldowns = { ...DEFAULT_KEY_COOLDOWNS, ...options.cooldowns };
    for (const [name, value] of Object.entries(this.#cooldowns)) nonNegativeInteger(value, name);
    this.#clock = options.clock ?? systemClock;
  }

  /** Number of configured keys. */
  get size(): number {
    return this.#entries.length;
  }

  /** The usable keys at `now`, in the order to try them; empty when every key is cooling. */
  pick(now: number = this.#clock.now()): Key[] {
    const count = this.#entries.length;
    if (count === 0) return [];
    const rotation = this.#rotation;
    this.#rotation = (this.#rotation + 1) % count;
    return this.#entries
      .filter((entry) => !this.#isCooling(entry, now))
      .sort((left, right) => left.lastThrottledAt - right.lastThrottledAt || rotated(left, rotation, count) - rotated(right, rotation, count))
      .map((entry) => entry.key);
  }

  /**
   * Cools a key down. Without `untilMs` the length comes from the class: rate limits the short
   * default, auth and quota the long ones. A cooldown never shortens an existing longer one
   * (a late 429 must not revive a key just disabled for auth). Unknown labels are ignored and
   * return false: a config reload may have removed the key while a request was in flight.
   */
  cooldown(label: string, options: { reason: FailureClass; untilMs?: number }): boolean {
    const entry = this.#byLabel.get(label);
    if (!entry) return false;
    const now = this.#clock.now();
    const untilMs = options.untilMs ?? now + this.defaultCooldownMs(options.reason);
    entry.lastThrottledAt = now;
    if (!entry.cooldown || entry.cooldown.untilMs < untilMs || entry.cooldown.untilMs <= now) {
      entry.cooldown = { untilMs, reason: options.reason };
      this.#cooldownEmitter.emit({ label, cooldown: { ...entry.cooldown } });
    }
    return true;
  }

  /** A call with this key succeeded: it is usable again whatever cooldown it had. */
  recordSuccess(label: string): void {
    const entry = this.#byLabel.get(label);
    if (!entry?.cooldown) return;
    delete entry.cooldown;
    this.#cooldownEmitter.emit({ label, cooldown: undefined });
  }

  /** Takes a cooldown another instance of the fleet decided (or lifted); no event fires. Unknown labels are ignored. */
  applySharedCooldown(change: KeyCooldownChange): void {
    const entry = this.#byLabel.get(change.label);
    if (!entry) return;
    if (change.cooldown === undefined) {
      delete entry.cooldown;
      return;
    }
    entry.cooldown = { ...change.cooldown };
    entry.lastThrottledAt = this.#clock.now();
  }

  /** How long a key cools down for `reason` when the provider gave no time. */
  defaultCooldownMs(reason: FailureClass): number {
    switch (policyFor(reason).keyCooldown) {
      case 'long-auth':
        return this.#cooldowns.authCooldownMs;
      case 'long-quota':
        return this.#cooldowns.quotaCooldownMs;
      default:
        return this.#cooldowns.rateLimitCooldownMs;
    }
  }

  /** When the first cooling key becomes usable; undefined if a key is usable now or there are none. */
  nextAvailableAt(now: number = this.#clock.now()): number | undefined {
    if (this.#entries.some((entry) => !this.#isCooling(entry, now))) return undefined;
    return Math.min(...this.#entries.map((entry) => entry.cooldown?.untilMs ?? now));
  }

  /** Every key's state at `now`, in configured order, for admins and the status page. */
  states(now: number = this.#clock.now()): KeyState[] {
    return this.#entries.map((entry) =>
      this.#isCooling(entry, now) && entry.cooldown
        ? { label: entry.key.label, status: 'cooling', reason: entry.cooldown.reason, untilMs: entry.cooldown.untilMs }
        : { label: entry.key.label, status: 'available' },
    );
  }

  #isCooling(entry: KeyEntry<Key>, now: number): boolean {
    return entry.cooldown !== undefined && now < entry.cooldown.untilMs;
  }
}

/** Distance of an entry from the rotation start, so ties take turns being first. */
function rotated(entry: { position: number }, rotation: number, count: number): number {
  return (entry.position - rotation + count) % count;
}
