import { describe, expect, it } from 'vitest';
import { canFailOver, FAILURE_CLASS_TABLE as FAILURE_POLICY, FAILURE_CLASSES, policyFor } from './failure-class.js';

describe('FAILURE_POLICY', () => {
  it('has exactly one entry per FailureClass', () => {
    expect(Object.keys(FAILURE_POLICY).sort()).toEqual([...FAILURE_CLASSES].sort());
    expect(new Set(FAILURE_CLASSES).size).toBe(FAILURE_CLASSES.length);
  });

  it.each(FAILURE_CLASSES)('%s has a complete, consistent policy', (failureClass) => {
    const policy = policyFor(failureClass);
    expect(['request', 'key', 'target', 'provider']).toContain(policy.scope);
    expect(Number.isInteger(policy.retrySameTarget) && policy.retrySameTarget >= 0).toBe(true);
    expect(policy.summary.length).toBeGreaterThan(0);
    // Key-scoped failures are the key's fault: next key, a cooldown, and the target stays healthy.
    expect(policy.scope === 'key').toBe(policy.tryNextKey);
    expect(policy.scope === 'key').toBe(policy.keyCooldown !== undefined);
    if (policy.scope === 'key') expect(policy.countsAgainstTarget).toBe(false);
    // Only provider-scoped failures feed the breaker.
    expect(policy.countsAgainstTarget).toBe(policy.scope === 'provider');
    // Agrees with the contract in errors/failure-class.ts.
    expect(policy.failOver).toBe(canFailOver(failureClass));
  });

  it('matches the product table row by row', () => {
    expect(policyFor('invalid_request')).toMatchObject({ failOver: false, tryNextKey: false, retrySameTarget: 0, countsAgainstTarget: false });
    expect(policyFor('context_too_long')).toMatchObject({ failOver: true, failOverOnlyToLargerContext: true, countsAgainstTarget: false });
    expect(policyFor('auth')).toMatchObject({ scope: 'key', keyCooldown: 'long-auth', tryNextKey: true, failOver: true });
    expect(policyFor('rate_limited')).toMatchObject({ scope: 'key', keyCooldown: 'retry-after', tryNextKey: true, failOver: true });
    expect(policyFor('quota')).toMatchObject({ scope: 'key', keyCooldown: 'long-quota', tryNextKey: true, failOver: true });
    expect(policyFor('overloaded')).toMatchObject({ scope: 'provider', retrySameTarget: 1, failOver: true, countsAgainstTarget: true });
    expect(policyFor('server')).toMatchObject({ scope: 'provider', retrySameTarget: 1, failOver: true, countsAgainstTarget: true });
    expect(policyFor('timeout')).toMatchObject({ scope: 'provider', retrySameTarget: 0, failOver: true, countsAgainstTarget: true });
    expect(policyFor('network')).toMatchObject({ scope: 'provider', retrySameTarget: 0, failOver: true, countsAgainstTarget: true });
    expect(policyFor('not_found')).toMatchObject({ scope: 'target', failOver: true, countsAgainstTarget: false });
    expect(policyFor('client_cancelled')).toMatchObject({ retrySameTarget: 0, tryNextKey: false, failOver: false, countsAgainstTarget: false });
    expect(policyFor('internal')).toMatchObject({ scope: 'request', retrySameTarget: 0, tryNextKey: false, failOver: false, countsAgainstTarget: false });
  });

  it('only retries the same target for classes where a second try can help', () => {
    const retried = FAILURE_CLASSES.filter((failureClass) => policyFor(failureClass).retrySameTarget > 0);
    expect(retried.sort()).toEqual(['overloaded', 'server']);
  });
});
