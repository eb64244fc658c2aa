import type { Clock } from './clock.js';

/** Milliseconds in base36 stay 8 characters long until the year 2059. */
const TIME_LENGTH = 8;
const RANDOM_LENGTH = 4;
const RANDOM_LIMIT = 36 ** RANDOM_LENGTH;

/**
 * Returns a generator of 12-character ids (`lx3k9a2bq7fz`, shaped like Statuspage's), made of the
 * time in base36 then a random tail. Ids from one generator sort in creation order even within
 * one millisecond or when the clock steps back: the tail then counts up from the previous id
 * (the ULID "monotonic" trick), so ordering by id is a stable tie-break for equal timestamps.
 */
export function createIdGenerator(clock: Clock): () => string {
  let lastTimeMs = 0;
  let lastRandom = 0;
  return () => {
    const nowMs = Math.max(0, Math.floor(clock.now()));
    if (nowMs > lastTimeMs) {
      lastTimeMs = nowMs;
      lastRandom = Math.floor(Math.random() * RANDOM_LIMIT);
    } else {
      lastRandom += 1;
      if (lastRandom >= RANDOM_LIMIT) {
        // 1.6 million ids in one millisecond: borrow the next millisecond rather than wrap around.
        lastTimeMs += 1;
        lastRandom = 0;
      }
    }
    return lastTimeMs.toString(36).padStart(TIME_LENGTH, '0') + lastRandom.toString(36).padStart(RANDOM_LENGTH, '0');
  };
}
