import { beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../core/clock.js';
import { RetryBudget } from './retry-budget.js';

let nowMs: number;
const clock: Clock = { now: () => nowMs };

beforeEach(() => {
  nowMs = 1_000_000;
});

function recordRequests(budget: RetryBudget, count: number): void {
  for (let index = 0; index < count; index++) budget.recordRequest();
}

function acquireAll(budget: RetryBudget): number {
  let granted = 0;
  while (budget.tryAcquireRetry()) {
    granted++;
    if (granted > 10_000) throw new Error('budget never ran out');
  }
  return granted;
}

describe('RetryBudget', () => {
  it('allows the minimum retries per window even without traffic', () => {
    const budget = new RetryBudget({ minRetriesPerWindow: 3, clock });
    expect(acquireAll(budget)).toBe(3);
    expect(budget.tryAcquireRetry()).toBe(false);
  });

  it('refuses retries beyond budgetPercent of requests in the window', () => {
    const budget = new RetryBudget({ budgetPercent: 20, minRetriesPerWindow: 0, clock });
    recordRequests(budget, 100);
    expect(acquireAll(budget)).toBe(20);
    expect(budget.snapshot()).toEqual({ requests: 100, retries: 20, allowedRetries: 20 });
  });

  it('rounds the allowance down: 7 requests at 20% allow one retry', () => {
    const budget = new RetryBudget({ budgetPercent: 20, minRetriesPerWindow: 0, clock });
    recordRequests(budget, 7);
    expect(acquireAll(budget)).toBe(1);
  });

  it('grants more retries as traffic grows inside the window', () => {
    const budget = new RetryBudget({ budgetPercent: 50, minRetriesPerWindow: 0, clock });
    recordRequests(budget, 4);
    expect(acquireAll(budget)).toBe(2);
    recordRequests(budget, 2);
    expect(acquireAll(budget)).toBe(1);
  });

  it('recovers as the window slides past old retries', () => {
    const budget = new RetryBudget({ budgetPercent: 10, minRetriesPerWindow: 2, windowMs: 10_000, clock });
    expect(acquireAll(budget)).toBe(2);
    nowMs += 9_000;
    expect(budget.tryAcquireRetry()).toBe(false);
    nowMs += 1_000;
    // The second with the two retries has slid out of the 10 s window.
    expect(budget.snapshot().retries).toBe(0);
    expect(acquireAll(budget)).toBe(2);
  });

  it('forgets old requests too, so a past burst does not fund retries now', () => {
    const budget = new RetryBudget({ budgetPercent: 20, minRetriesPerWindow: 0, windowMs: 10_000, clock });
    recordRequests(budget, 50);
    nowMs += 10_000;
    expect(budget.tryAcquireRetry()).toBe(false);
  });

  it('rejects a budget percentage outside 0–100', () => {
    expect(() => new RetryBudget({ budgetPercent: 150 })).toThrow(RangeError);
  });
});
