/** What a rate counter decided for one request. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Client-key budgets as the door reads them. Synchronous on purpose: the door never waits for a
 * network round trip. The in-process implementation below counts one instance's traffic; a
 * shared one (Redis, for a fleet) implements the same interface over a local view it keeps
 * up to date in the background.
 */
export interface UsageCounters {
  /** Counts one request of `keyName` against `limitPerMinute`, or refuses it without counting. */
  takeRequest(keyName: string, limitPerMinute: number, nowMs: number): RateDecision;
  /** Tokens `keyName` spent on the UTC `day` so far. */
  tokensSpent(keyName: string, day: string): number;
  /** Adds tokens to `keyName`'s `day` (from the providers' own usage figures). */
  addTokens(keyName: string, day: string, tokens: number): void;
  /** Tokens spent before this process started (read from the store): history, not news for the fleet. */
  seedTokens(keyName: string, day: string, tokens: number): void;
}

/** Requests per minute are counted in fixed windows this long. */
export const RATE_WINDOW_MS = 60_000;
const WINDOW_MS = RATE_WINDOW_MS;

/** In-process counters that also take counts other instances made (see shared-usage-counters.ts). */
export interface LocalUsageCounters extends UsageCounters {
  /** Adds `amount` requests of `keyName` to the fixed window starting at `windowStartMs`. */
  addRequests(keyName: string, windowStartMs: number, amount: number): void;
}

interface RateWindow {
  /** Start of the current fixed window. */
  startMs: number;
  current: number;
  previous: number;
}

/**
 * Per-process counters. Requests per minute use a sliding window estimated from two fixed ones
 * (the previous window's count weighted by how much of it still overlaps the last 60 s), so a
 * burst across a minute boundary cannot pass twice the limit and the memory is two numbers per key.
 * @example
 * const counters = createInProcessUsageCounters();
 * counters.takeRequest('ci-runner', 60, Date.now());
 */
export function createInProcessUsageCounters(): LocalUsageCounters {
  const windows = new Map<string, RateWindow>();
  const tokens = new Map<string, { day: string; spent: number }>();

  /** The key's window moved on to the one starting at `windowStart` (if it was behind). */
  function windowAt(keyName: string, windowStart: number): RateWindow {
    let window = windows.get(keyName);
    if (window === undefined) {
      window = { startMs: windowStart, current: 0, previous: 0 };
      windows.set(keyName, window);
    } else if (window.startMs < windowStart) {
      window.previous = windowStart - window.startMs === WINDOW_MS ? window.current : 0;
      window.current = 0;
      window.startMs = windowStart;
    }
    return window;
  }

  function addTokens(keyName: string, day: string, added: number): void {
    const entry = tokens.get(keyName);
    if (entry !== undefined && entry.day === day) entry.spent += added;
    else if (entry === undefined || entry.day < day) tokens.set(keyName, { day, spent: added });
  }

  return {
    addRequests(keyName, windowStartMs, amount) {
      const window = windowAt(keyName, windowStartMs);
      if (window.startMs === windowStartMs) window.current += amount;
      else if (window.startMs - windowStartMs === WINDOW_MS) window.previous += amount;
    },
    takeRequest(keyName, limitPerMinute, nowMs) {
      const windowStart = nowMs - (nowMs % WINDOW_MS);
      const window = windowAt(keyName, windowStart);
      const overlap = 1 - (nowMs - windowStart) / WINDOW_MS;
      const estimate = window.previous * overlap + window.current;
      if (estimate + 1 > limitPerMinute) {
        // When enough of the previous window has slid out, or this one ends, a request fits again.
        const needed = estimate + 1 - limitPerMinute;
        const slideMs = window.previous > 0 && window.current < limitPerMinute ? Math.ceil((needed / window.previous) * WINDOW_MS) : WINDOW_MS - (nowMs - windowStart);
        return { allowed: false, retryAfterMs: Math.max(1_000, Math.min(WINDOW_MS, slideMs)) };
      }
      window.current += 1;
      return { allowed: true };
    },
    tokensSpent(keyName, day) {
      const entry = tokens.get(keyName);
      return entry !== undefined && entry.day === day ? entry.spent : 0;
    },
    addTokens: addTokens,
    seedTokens: addTokens,
  };
}
