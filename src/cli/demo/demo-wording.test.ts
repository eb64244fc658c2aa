import { describe, expect, it } from 'vitest';
import type { ComponentVerdict, HealthSnapshot } from '../../health/health-types.js';
import type { Incident } from '../../store/store.js';
import { createVerdictChangeTracker, describeIncidentEvent, describeTally } from './demo-wording.js';

const measured = { windowMs: 10_000, requests: 0, failures: 0, errorRate: 0, classes: {} };
const verdict = (overrides: Partial<ComponentVerdict>): ComponentVerdict => ({
  id: 'provider:anthropic',
  kind: 'provider',
  name: 'anthropic',
  status: 'operational',
  scope: 'none',
  reason: 'all requests answered normally',
  since: 0,
  measured,
  ...overrides,
});
const snapshot = (components: ComponentVerdict[]): HealthSnapshot => ({ at: 0, overall: 'operational', components });

describe('describeTally', () => {
  it('says what clients saw: counts, who answered (most first), failovers and sample errors', () => {
    expect(
      describeTally({ requests: 10, ok: 9, errors: 1, failedOver: 4, byTarget: { 'anthropic/c': 5, 'openai/gpt-5': 4 }, errorSamples: ['openai: HTTP 502'] }),
    ).toBe('10 requests: 9 ok, 1 error · answered by anthropic/c ×5, openai/gpt-5 ×4 · 4 after failover (openai: HTTP 502)');
    expect(describeTally({ requests: 1, ok: 1, errors: 0, failedOver: 0, byTarget: {}, errorSamples: [] })).toBe('1 request: 1 ok, 0 errors');
  });
});

describe('createVerdictChangeTracker', () => {
  it('prints a component only when its status or scope changed', () => {
    const changes = createVerdictChangeTracker();
    expect(changes(snapshot([verdict({})]))).toEqual(['verdict anthropic: operational: all requests answered normally']);
    expect(changes(snapshot([verdict({ reason: 'other words, same state' })]))).toEqual([]);
    expect(
      changes(
        snapshot([
          verdict({ status: 'major_outage', scope: 'global', reason: 'overloaded' }),
          verdict({ id: 'target:anthropic/c', kind: 'target', name: 'anthropic/c', parentId: 'provider:anthropic', status: 'major_outage', scope: 'global', reason: 'circuit open' }),
        ]),
      ),
    ).toEqual(['verdict anthropic: MAJOR OUTAGE [global]: overloaded', '  target anthropic/c: MAJOR OUTAGE [global]: circuit open']);
  });
});

describe('describeIncidentEvent', () => {
  const incident: Incident = {
    id: 'inc_1',
    title: 'Anthropic: major outage (overloaded)',
    status: 'investigating',
    impact: 'critical',
    componentIds: ['provider:anthropic'],
    createdAt: 0,
    updatedAt: 0,
    automatic: true,
    updates: [{ id: 'u1', incidentId: 'inc_1', status: 'investigating', body: 'first line\nmeasured line', createdAt: 0, automatic: true }],
  };

  it('quotes the whole update when an incident opens, only its first line for an intermediate update', () => {
    expect(describeIncidentEvent({ kind: 'opened', incident })).toBe(
      'INCIDENT OPENED: "Anthropic: major outage (overloaded)" (impact critical)\n  investigating: first line\n    measured line',
    );
    expect(describeIncidentEvent({ kind: 'updated', incident })).toBe('incident updated: "Anthropic: major outage (overloaded)"\n  investigating: first line');
  });
});
