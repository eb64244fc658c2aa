import type { Subscription, TypedEvent } from '../core/typed-event.js';

/**
 * A last-writer-wins value that decides routing, such as one breaker's state or one key's
 * cooldown. `at` (epoch ms of the change) orders writes across instances; `origin` (an instance
 * id) breaks ties, so every instance settles on the same value.
 */
export interface RegisterChange {
  /** e.g. `breaker:target:anthropic/claude-x`. */
  name: string;
  /** JSON-friendly value; the reader parses it (it came over the wire). */
  value: unknown;
  at: number;
  origin: string;
  /** True when read from Redis on (re)joining rather than heard as it happened (its `at` may be long past). */
  joined?: boolean;
}

/**
 * An increment of a windowed counter (retry budget, client-key requests per minute, tokens per
 * day). A counter is `family` + `bucket` (a window start, a day) + `name`; it expires `ttlMs`
 * after its last increment, so counters never outlive the windows that read them.
 */
export interface CountChange {
  family: string;
  bucket: string;
  name: string;
  amount: number;
  ttlMs: number;
}

/** A live message for the other instances (an attempt's outcome, for health): never stored, never replayed. */
export interface BroadcastMessage {
  topic: string;
  payload: unknown;
}

/** How sharing is going, for `/readyz`, the status API and the log. */
export interface SharedStateStatus {
  /**
   * `in-process`: one instance (the default); `redis`: shared through `state.redis_url`;
   * `workers`: the workers of one `lifeline start --workers N`, through the primary process.
   */
  kind: 'in-process' | 'redis' | 'workers';
  /**
   * `shared`: changes reach the fleet; `local`: Redis (or the workers' primary) is out of reach
   * and this instance decides alone; `connecting`: first connection not made yet.
   */
  mode: 'shared' | 'local' | 'connecting';
  /** Since when the mode holds (epoch ms). */
  sinceMs: number;
  /** Why the instance decides alone (mode `local`). */
  reason?: string;
  /** Changes made here that still wait to reach Redis. */
  pendingChanges: number;
}

/**
 * The state that decides routing, seen as one for the whole fleet. Every method returns at once:
 * a change is applied to the caller's own objects first and shared in the background, so a
 * request never waits on the network. Other instances' changes arrive as events, and so do
 * values read on (re)joining that are newer than what this instance knew.
 * @example
 * const shared = createInProcessSharedState();          // one instance: nothing to share
 * shared.setRegister('breaker:target:a/m', { state: 'closed' }, Date.now());
 * shared.onRegister((change) => applyElsewhere(change)); // never fires in-process
 */
export interface SharedState {
  readonly kind: SharedStateStatus['kind'];
  /** This instance's id in {@link RegisterChange.origin}. */
  readonly instanceId: string;
  /** Shares the newest value of a register. */
  setRegister(name: string, value: unknown, at: number): void;
  /** Shares an increment of a counter. */
  addCount(change: CountChange): void;
  /** Tells the other instances something live; dropped while Redis is away (it would be stale news). */
  broadcast(message: BroadcastMessage): void;
  /** A register another instance changed (or one read on joining that is newer). */
  readonly onRegister: TypedEvent<RegisterChange>;
  /** Counts another instance added (or found on joining). */
  readonly onCount: TypedEvent<CountChange>;
  /** Another instance's broadcast. */
  readonly onBroadcast: TypedEvent<BroadcastMessage>;
  /** Fires when {@link SharedStateStatus.mode} changes. */
  readonly onStatus: TypedEvent<SharedStateStatus>;
  status(): SharedStateStatus;
  /** Waits (at most `timeoutMs`) until the first join finished, so a new instance starts from the fleet's state. */
  ready(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** A subscription that does nothing, for sources that never fire. */
export const NO_SUBSCRIPTION: Subscription = { dispose: () => undefined };
