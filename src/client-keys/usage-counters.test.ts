import { describe, expect, it } from 'vitest';
import { createInProcessUsageCounters } from './usage-counters.js';

const MINUTE = 60_000;

describe('createInProcessUsageCounters', () => {
  it('lets rpm requests through in a minute and refuses the next with a retry-after', () => {
    const counters = createInProcessUsageCounters();
    for (let index = 0; index < 3; index += 1) expect(counters.takeRequest('ci', 3, 10 * MINUTE + index)).toEqual({ allowed: true });
    const refused = counters.takeRequest('ci', 3, 10 * MINUTE + 10);
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.retryAfterMs).toBeGreaterThanOrEqual(1_000);
    expect(counters.takeRequest('other', 3, 10 * MINUTE + 10)).toEqual({ allowed: true });
  });

  it('does not let a burst across the minute boundary pass twice the limit', () => {
    const counters = createInProcessUsageCounters();
    let allowed = 0;
    for (let index = 0; index < 10; index += 1) if (counters.takeRequest('ci', 10, 11 * MINUTE - 100 + index).allowed) allowed += 1;
    for (let index = 0; index < 10; index += 1) if (counters.takeRequest('ci', 10, 11 * MINUTE + 100 + index).allowed) allowed += 1;
    expect(allowed).toBe(10);
    // Once the previous minute has slid out, the full rate is back.
    let later = 0;
    for (let index = 0; index < 10; index += 1) if (counters.takeRequest('ci', 10, 12 * MINUTE + 59_000 + index).allowed) later += 1;
    expect(later).toBeGreaterThan(5);
  });

  it('counts tokens per UTC day, starting over on a new day and ignoring a late add for a past day', () => {
    const counters = createInProcessUsageCounters();
    counters.addTokens('ci', '2026-12-01', 100);
    counters.addTokens('ci', '2026-12-01', 50);
    expect(counters.tokensSpent('ci', '2026-12-01')).toBe(150);
    counters.addTokens('ci', '2026-12-02', 7);
    counters.addTokens('ci', '2026-12-01', 1_000);
    expect(counters.tokensSpent('ci', '2026-12-02')).toBe(7);
    expect(counters.tokensSpent('ci', '2026-12-01')).toBe(0);
  });
});
