import { describe, expect, it } from 'vitest';
import type { ComponentStatus, ComponentVerdict } from '../health/health-types.js';
import { RecoveryEvidence } from './recovery-evidence.js';

const STARTED_AT = 1_000_000;

function verdicts(entries: Array<[string, ComponentStatus, number | undefined]>): Map<string, ComponentVerdict> {
  return new Map(
    entries.map(([id, status, lastOkAt]) => [
      id,
      { id, kind: 'provider', name: id, status, scope: 'none', reason: '', since: STARTED_AT, measured: { windowMs: 60_000, requests: 0, failures: 0, errorRate: 0, classes: {} }, ...(lastOkAt !== undefined ? { lastOkAt } : {}) },
    ]),
  );
}

describe('RecoveryEvidence', () => {
  it('waits for an answer after the start for each component; "operational" alone is not one', () => {
    const evidence = new RecoveryEvidence(['provider:a', 'target:a/m'], STARTED_AT);
    expect(evidence.observe(verdicts([['provider:a', 'operational', undefined], ['target:a/m', 'operational', STARTED_AT - 1]]), STARTED_AT + 10)).toBe(false);
    expect(evidence.observe(verdicts([['provider:a', 'operational', STARTED_AT + 5], ['target:a/m', 'operational', undefined]]), STARTED_AT + 20)).toBe(false);
    expect(evidence.awaits('provider:a')).toBe(false);
    expect(evidence.awaits('target:a/m')).toBe(true);
    expect(evidence.observe(verdicts([['provider:a', 'operational', STARTED_AT + 5], ['target:a/m', 'operational', STARTED_AT + 21]]), STARTED_AT + 30)).toBe(true);
  });

  it('moves the wait past a failure seen after the start, and forgets components no longer configured', () => {
    const evidence = new RecoveryEvidence(['provider:a', 'provider:gone', 'target:gone/m'], STARTED_AT);
    evidence.observe(verdicts([['provider:a', 'major_outage', STARTED_AT + 5]]), STARTED_AT + 100);
    expect(evidence.awaits('provider:gone')).toBe(false);
    expect(evidence.awaits('target:gone/m')).toBe(false);
    expect(evidence.observe(verdicts([['provider:a', 'operational', STARTED_AT + 50]]), STARTED_AT + 200)).toBe(false);
    expect(evidence.observe(verdicts([['provider:a', 'operational', STARTED_AT + 101]]), STARTED_AT + 300)).toBe(true);
  });

  it('lets a model not listed since the restart follow its provider: it waits while the provider has not answered', () => {
    const evidence = new RecoveryEvidence(['provider:a', 'target:a/client-named'], STARTED_AT);
    expect(evidence.observe(verdicts([['provider:a', 'operational', undefined]]), STARTED_AT + 10)).toBe(false);
    expect(evidence.awaits('target:a/client-named')).toBe(true);
    expect(evidence.observe(verdicts([['provider:a', 'operational', STARTED_AT + 20]]), STARTED_AT + 30)).toBe(true);
  });

  it('lets the provider/* bucket follow its provider: a client-named model that answers again is counted on a component of its own', () => {
    const evidence = new RecoveryEvidence(['provider:a', 'target:a/*'], STARTED_AT);
    expect(evidence.observe(verdicts([['provider:a', 'operational', undefined], ['target:a/*', 'operational', undefined]]), STARTED_AT + 10)).toBe(false);
    expect(evidence.awaits('target:a/*')).toBe(true);
    // The bucket itself never answers again; its provider does.
    expect(evidence.observe(verdicts([['provider:a', 'operational', STARTED_AT + 20], ['target:a/*', 'operational', undefined]]), STARTED_AT + 30)).toBe(true);
  });
});
