import type { Subscription } from '../core/typed-event.js';
import type { SharedState } from '../shared-state/shared-state.js';
import { createInProcessUsageCounters, RATE_WINDOW_MS, type LocalUsageCounters, type UsageCounters } from './usage-counters.js';

const REQUESTS_FAMILY = 'client-rpm';
const TOKENS_FAMILY = 'client-tokens';
/** A minute's requests matter for two windows (the sliding estimate reads the previous one). */
const REQUESTS_TTL_MS = 3 * RATE_WINDOW_MS;
/** A day's tokens matter until the day is over everywhere. */
const TOKENS_TTL_MS = 2 * 24 * 60 * 60 * 1000;

/** Client-key budgets counted across the fleet, and the subscription that keeps them current. */
export interface SharedUsageCounters extends UsageCounters, Subscription {}

/**
 * Client-key budgets counted across every instance: each decision reads this instance's local
 * view at once (its own requests and tokens, plus what the others reported through the shared
 * state), and each counted request or token goes out in the background. Two instances may both
 * let a key's last allowed request through before hearing of each other, so a key can pass its
 * limit by about one request per instance per flush interval; never by a whole instance's share.
 *
 * Tokens per day start from the store (`seedTokens` at start-up); the fleet's
 * count read from Redis only raises that figure, so an instance never counts the same day twice.
 */
export function createSharedUsageCounters(shared: SharedState, local: LocalUsageCounters = createInProcessUsageCounters()): SharedUsageCounters {
  /** Tokens of the fleet as Redis told them (own + heard), per key and day. */
  const fleetTokens = new Map<string, { day: string; spent: number }>();
  const addFleetTokens = (keyName: string, day: string, tokens: number) => {
    const entry = fleetTokens.get(keyName);
    if (entry !== undefined && entry.day === day) entry.spent += tokens;
    else if (entry === undefined || entry.day < day) fleetTokens.set(keyName, { day, spent: tokens });
  };
  const subscription = shared.onCount((change) => {
    if (change.family === REQUESTS_FAMILY) local.addRequests(change.name, Number(change.bucket), change.amount);
    else if (change.family === TOKENS_FAMILY) addFleetTokens(change.name, change.bucket, change.amount);
  });

  return {
    takeRequest(keyName, limitPerMinute, nowMs) {
      const decision = local.takeRequest(keyName, limitPerMinute, nowMs);
      if (decision.allowed) {
        shared.addCount({ family: REQUESTS_FAMILY, bucket: String(nowMs - (nowMs % RATE_WINDOW_MS)), name: keyName, amount: 1, ttlMs: REQUESTS_TTL_MS });
      }
      return decision;
    },
    tokensSpent(keyName, day) {
      const fleet = fleetTokens.get(keyName);
      return Math.max(local.tokensSpent(keyName, day), fleet !== undefined && fleet.day === day ? fleet.spent : 0);
    },
    addTokens(keyName, day, tokens) {
      local.addTokens(keyName, day, tokens);
      if (tokens <= 0) return;
      addFleetTokens(keyName, day, tokens);
      shared.addCount({ family: TOKENS_FAMILY, bucket: day, name: keyName, amount: tokens, ttlMs: TOKENS_TTL_MS });
    },
    seedTokens: (keyName, day, tokens) => local.seedTokens(keyName, day, tokens),
    dispose: () => subscription.dispose(),
  };
}
