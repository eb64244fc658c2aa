/** A source of the current time in epoch milliseconds; injected so tests never sleep. */
export interface Clock {
  now(): number;
}

/**
 * The wall clock. Epoch milliseconds (not `performance.now()`) because breaker and key-pool
 * state is serialised and may later be shared between processes through Redis or Postgres.
 */
export const systemClock: Clock = { now: () => Date.now() };
