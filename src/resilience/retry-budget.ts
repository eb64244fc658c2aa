import { systemClock, type Clock } from '../core/clock.js';
import { SlidingWindowCounter } from './sliding-window.js';
import { TypedEmitter, type TypedEvent } from '../core/typed-event.js';
import { nonNegativeInteger, numberInRange, positiveInteger } from './validate-options.js';

/** Options of a {@link RetryBudget}; names follow Envoy's `RetryBudget` (budget_percent, min_retry_concurrency). */
export interface RetryBudgetOptions {
  /** Retries allowed as a percentage of requests in the window. Envoy's default: 20. */
  budgetPercent?: number;
  /** Retries always allowed per window, so a quiet gateway can still retry. Default 3. */
  minRetriesPerWindow?: number;
  /** Sliding window length. Default 10 s. */
  windowMs?: number;
  /** Bucket width of the window. Default 1 s. */
  bucketMs?: number;
  clock?: Clock;
}

/** What the budget currently holds, for the status page and tests. */
/** One request or retry the budget counted, as it is shared with the fleet. */
export interface RetryBudgetCount {
  name: 'requests' | 'retries';
  atMs: number;
}

export interface RetryBudgetSnapshot {
  requests: number;
  retries: number;
  /** Retries the window allows in total right now. */
  allowedRetries: number;
}

/**
 * An Envoy-style retry budget, made deterministic: over a sliding window it counts requests and
 * retries, and grants a retry only while `retries < max(minRetriesPerWindow, floor(budgetPercent%
 * × requests))`.
 *
 * Why: per-request retry limits ("retry up to 2 times") multiply load exactly when a provider is
 * struggling: at 100% failure every request becomes three. A budget caps retries at a fraction of
 * real traffic, so a degraded provider sees at most ~(1 + budgetPercent%) × normal load from us,
 * and the floor keeps retries available when traffic is too low to matter.
 *
 * Call `recordRequest()` once per client request (not per attempt), and `tryAcquireRetry()` before
 * each retry against the same target; a refused retry should fail over or answer instead.
 */
export class RetryBudget {
  readonly #ratio: number;
  readonly #minRetriesPerWindow: number;
  readonly #clock: Clock;
  readonly #window: SlidingWindowCounter<'requests' | 'retries'>;
  readonly #countEmitter = new TypedEmitter<RetryBudgetCount>();

  /** Fires for every request and granted retry counted here (not for {@link RetryBudget.addShared}). */
  readonly onCount: TypedEvent<RetryBudgetCount> = this.#countEmitter.event;
  /** Window length, so a shared count knows how long it matters. */
  readonly windowMs: number;

  constructor(options: RetryBudgetOptions = {}) {
    this.#ratio = numberInRange(options.budgetPercent ?? 20, 'budgetPercent', 0, 100) / 100;
    this.#minRetriesPerWindow = nonNegativeInteger(options.minRetriesPerWindow ?? 3, 'minRetriesPerWindow');
    this.#clock = options.clock ?? systemClock;
    this.windowMs = positiveInteger(options.windowMs ?? 10_000, 'windowMs');
    this.#window = new SlidingWindowCounter({
      names: ['requests', 'retries'],
      windowMs: this.windowMs,
      bucketMs: options.bucketMs ?? 1000,
    });
  }

  /** Counts one client request. */
  recordRequest(): void {
    const atMs = this.#clock.now();
    this.#window.add('requests', atMs);
    if (this.#countEmitter.size > 0) this.#countEmitter.emit({ name: 'requests', atMs });
  }

  /** Adds requests or retries another instance of the fleet counted at `atMs` (no event fires). */
  addShared(name: RetryBudgetCount['name'], amount: number, atMs: number): void {
    // Counts older than the window no longer matter (a rejoin may read them).
    const now = this.#clock.now();
    if (atMs <= now - this.windowMs) return;
    // Never ahead of this clock: a later bucket would take the slot of one still in the window.
    this.#window.add(name, Math.min(atMs, now), amount);
  }

  /** Grants and counts one retry if the budget has room; false means "do not retry". */
  tryAcquireRetry(): boolean {
    const now = this.#clock.now();
    const { requests, retries } = this.#window.totals(now);
    if (retries >= this.#allowed(requests)) return false;
    this.#window.add('retries', now);
    if (this.#countEmitter.size > 0) this.#countEmitter.emit({ name: 'retries', atMs: now });
    return true;
  }

  /** Current counts over the window. */
  snapshot(): RetryBudgetSnapshot {
    const { requests, retries } = this.#window.totals(this.#clock.now());
    return { requests, retries, allowedRetries: this.#allowed(requests) };
  }

  #allowed(requests: number): number {
    // floor: the budget is a ceiling, so 7 requests at 20% allow 1 retry, not 2.
    return Math.max(this.#minRetriesPerWindow, Math.floor(this.#ratio * requests + 1e-9));
  }
}
