import { systemClock, type Clock } from '../../core/clock.js';
import { TypedEmitter, type TypedEvent } from '../../core/typed-event.js';
import { positiveInteger } from '../validate-options.js';
import type { BreakerAlgorithm } from './breaker-algorithm.js';
import { breakerSnapshotSchema, type BreakerSnapshot, type BreakerState } from './breaker-state.js';

/** Answer of {@link CircuitBreaker.tryAcquire}: go ahead, go ahead as the one half-open probe, or don't. */
export type BreakerPermit = 'allowed' | 'probe' | 'rejected';

/** What breaker event listeners receive: whose breaker changed and its new state. */
export interface BreakerEvent {
  key: string;
  state: BreakerState;
}

/** Options of a {@link CircuitBreaker}; ejection names are Envoy's. */
export interface CircuitBreakerOptions {
  /** Identifies the breaker in events and snapshots, e.g. `target:anthropic/claude-x`. */
  key: string;
  /** Decides when a closed breaker opens. */
  algorithm: BreakerAlgorithm;
  /** Cooldown of the first opening; doubles with each consecutive reopening. Default 30 s. */
  baseEjectionTimeMs?: number;
  /** Cap of the growing cooldown. Default 5 min. */
  maxEjectionTimeMs?: number;
  /**
   * How long a half-open probe may stay unanswered before another call may probe. Guards against
   * a probe whose result is never recorded (a crashed process sharing this state). Default 2 min.
   */
  probeTimeoutMs?: number;
  clock?: Clock;
  /** Where to start, e.g. a state read back from a store. Default closed. */
  initialState?: BreakerState;
  /** Receives errors thrown by event listeners. */
  onListenerError?: (error: unknown) => void;
}

/**
 * A circuit breaker for one target or key, with the gateway calling it around each attempt:
 * `tryAcquire()` before, then `recordSuccess()` or `recordFailure()` (only for failures that
 * count against the target, see failure-policy.ts) or `release()` (cancelled, no verdict).
 *
 * - closed: calls are `allowed`; outcomes feed the algorithm, which may open the breaker.
 * - open: calls are `rejected` without touching anything until `reopenAt`.
 * - half-open: exactly one call gets `probe`; others are `rejected` until it reports. Success
 *   closes the breaker; failure reopens it for `baseEjectionTimeMs × 2^(openCount−1)`, capped
 *   by `maxEjectionTimeMs`, so a provider that keeps failing is probed less and less often.
 * - `recordRecoveryEvidence()` (a successful active probe) moves an open breaker to half-open at
 *   once: recovery waits for one probe interval, not for the grown ejection.
 *
 * Outcomes reported while open are ignored (calls admitted before the breaker opened). In
 * half-open any reported outcome is taken as the probe's, since calls are not tokenised.
 */
export class CircuitBreaker {
  readonly key: string;
  readonly #algorithm: BreakerAlgorithm;
  readonly #baseEjectionTimeMs: number;
  readonly #maxEjectionTimeMs: number;
  readonly #probeTimeoutMs: number;
  readonly #clock: Clock;
  #state: BreakerState;
  readonly #breakEmitter: TypedEmitter<BreakerEvent>;
  readonly #halfOpenEmitter: TypedEmitter<BreakerEvent>;
  readonly #resetEmitter: TypedEmitter<BreakerEvent>;
  readonly #transitionEmitter: TypedEmitter<BreakerEvent>;

  /** Fires when the breaker opens (from closed, or reopens from half-open). */
  readonly onBreak: TypedEvent<BreakerEvent>;
  /** Fires when the cooldown has passed and a probe is let through. */
  readonly onHalfOpen: TypedEvent<BreakerEvent>;
  /** Fires when a probe succeeded and the breaker closed. */
  readonly onReset: TypedEvent<BreakerEvent>;
  /**
   * Fires on every change of state (closed, open, half-open), this instance's own and those taken
   * from the fleet ({@link CircuitBreaker.applyShared}): what health follows. The three events
   * above fire for this instance's own moves only, which is what shared state spreads.
   */
  readonly onTransition: TypedEvent<BreakerEvent>;

  constructor(options: CircuitBreakerOptions) {
    this.key = options.key;
    this.#algorithm = options.algorithm;
    this.#baseEjectionTimeMs = positiveInteger(options.baseEjectionTimeMs ?? 30_000, 'baseEjectionTimeMs');
    this.#maxEjectionTimeMs = Math.max(this.#baseEjectionTimeMs, positiveInteger(options.maxEjectionTimeMs ?? 300_000, 'maxEjectionTimeMs'));
    this.#probeTimeoutMs = positiveInteger(options.probeTimeoutMs ?? 120_000, 'probeTimeoutMs');
    this.#clock = options.clock ?? systemClock;
    this.#state = options.initialState ? { ...options.initialState } : { state: 'closed' };
    this.#breakEmitter = new TypedEmitter(options.onListenerError);
    this.#halfOpenEmitter = new TypedEmitter(options.onListenerError);
    this.#resetEmitter = new TypedEmitter(options.onListenerError);
    this.#transitionEmitter = new TypedEmitter(options.onListenerError);
    this.onBreak = this.#breakEmitter.event;
    this.onHalfOpen = this.#halfOpenEmitter.event;
    this.onReset = this.#resetEmitter.event;
    this.onTransition = this.#transitionEmitter.event;
  }

  /** Rebuilds a breaker from {@link CircuitBreaker.toJSON} output; the algorithm starts empty. */
  static fromJSON(json: unknown, options: Omit<CircuitBreakerOptions, 'key' | 'initialState'>): CircuitBreaker {
    const snapshot = breakerSnapshotSchema.parse(json);
    return new CircuitBreaker({ ...options, key: snapshot.key, initialState: snapshot.state });
  }

  /** The current state (a copy; mutate through the methods). */
  get state(): BreakerState {
    return { ...this.#state };
  }

  /** Asks whether a call may go ahead now. */
  tryAcquire(): BreakerPermit {
    const now = this.#clock.now();
    const current = this.#state;
    switch (current.state) {
      case 'closed':
        return 'allowed';
      case 'open':
        if (now < current.reopenAt) return 'rejected';
        this.#state = { state: 'half-open', openCount: current.openCount, probeInFlight: true, probeStartedAt: now };
        this.#announce(this.#halfOpenEmitter);
        return 'probe';
      case 'half-open': {
        const probeExpired = current.probeStartedAt !== undefined && now - current.probeStartedAt >= this.#probeTimeoutMs;
        if (current.probeInFlight && !probeExpired) return 'rejected';
        this.#state = { ...current, probeInFlight: true, probeStartedAt: now };
        return 'probe';
      }
    }
  }

  /** Reports a successful call. */
  recordSuccess(): void {
    const now = this.#clock.now();
    switch (this.#state.state) {
      case 'closed':
        this.#algorithm.recordSuccess(now);
        return;
      case 'open':
        return;
      case 'half-open':
        this.#algorithm.reset();
        this.#state = { state: 'closed' };
        this.#announce(this.#resetEmitter);
        return;
    }
  }

  /** Reports a failed call that counts against this breaker's target or key. */
  recordFailure(): void {
    const now = this.#clock.now();
    const current = this.#state;
    switch (current.state) {
      case 'closed':
        this.#algorithm.recordFailure(now);
        if (this.#algorithm.shouldOpen(now)) this.#open(now, 1);
        return;
      case 'open':
        return;
      case 'half-open':
        this.#open(now, current.openCount + 1);
        return;
    }
  }

  /**
   * Evidence from outside the traffic (a successful active probe) that the target answers again:
   * an open breaker goes half-open at once, so the next call is its trial instead of waiting out
   * an ejection that failed trials may have grown. Closed and half-open breakers are left as they are.
   */
  recordRecoveryEvidence(): void {
    const current = this.#state;
    if (current.state !== 'open') return;
    this.#state = { state: 'half-open', openCount: current.openCount, probeInFlight: false };
    this.#announce(this.#halfOpenEmitter);
  }

  /** Ends a call without a verdict (client cancelled, failure that does not count): frees the probe slot. */
  release(): void {
    if (this.#state.state === 'half-open' && this.#state.probeInFlight) {
      this.#state = { state: 'half-open', openCount: this.#state.openCount, probeInFlight: false };
    }
  }

  /**
   * Takes a state another instance of the fleet decided (shared state, see src/shared-state):
   * only `onTransition` fires, since the change is not this instance's news to spread. A breaker
   * that opens or closes this way forgets what its algorithm counted, as if it had moved itself.
   */
  applyShared(state: BreakerState): void {
    const moved = state.state !== this.#state.state;
    if (moved) this.#algorithm.reset();
    this.#state = { ...state };
    if (moved) this.#transitionEmitter.emit(this.#event());
  }

  /** The cooldown an opening with this `openCount` gets: base × 2^(openCount−1), capped. */
  ejectionTimeMs(openCount: number): number {
    return Math.min(this.#maxEjectionTimeMs, this.#baseEjectionTimeMs * 2 ** Math.max(0, openCount - 1));
  }

  /** Serialisable snapshot: `{ key, state }`. */
  toJSON(): BreakerSnapshot {
    return { key: this.key, state: this.state };
  }

  #open(now: number, openCount: number): void {
    this.#algorithm.reset();
    this.#state = { state: 'open', openedAt: now, reopenAt: now + this.ejectionTimeMs(openCount), openCount };
    this.#announce(this.#breakEmitter);
  }

  /** Tells a move of this instance's own to its event's listeners and to every transition listener. */
  #announce(emitter: TypedEmitter<BreakerEvent>): void {
    const event = this.#event();
    emitter.emit(event);
    this.#transitionEmitter.emit(event);
  }

  #event(): BreakerEvent {
    return { key: this.key, state: this.state };
  }
}
