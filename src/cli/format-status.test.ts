import { describe, expect, it } from 'vitest';
import type { ComponentVerdict, HealthSnapshot } from '../health/health-types.js';
import { formatAgo, formatStatus } from './format-status.js';
import { statusSnapshotSchema } from './status-snapshot-schema.js';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const measured = { windowMs: 60_000, requests: 10, failures: 0, errorRate: 0, classes: {} };

function verdict(overrides: Partial<ComponentVerdict>): ComponentVerdict {
  return { id: 'provider:x', kind: 'provider', name: 'x', status: 'operational', scope: 'none', reason: 'fine', since: NOW - 3_600_000, measured, ...overrides };
}

describe('formatStatus', () => {
  it('prints one line per provider with verdict, scope, since and the official status, plus failing targets', () => {
    const snapshot: HealthSnapshot = {
      at: NOW,
      overall: 'partial_outage',
      components: [
        verdict({ id: 'provider:anthropic', name: 'anthropic', status: 'partial_outage', scope: 'global', reason: '92% of requests failed with overloaded (529)', since: NOW - 300_000, official: { status: 'operational', description: 'All Systems Operational' } }),
        verdict({ id: 'target:anthropic/claude-x', kind: 'target', parentId: 'provider:anthropic', name: 'anthropic/claude-x', status: 'major_outage', scope: 'global', reason: 'overloaded', since: NOW - 290_000 }),
        verdict({ id: 'provider:openai', name: 'openai', official: { status: 'unknown', error: 'ENOTFOUND' } }),
      ],
    };
    const text = formatStatus(snapshot, NOW);
    expect(text.split('\n')).toEqual([
      'overall: PARTIAL OUTAGE',
      'anthropic  PARTIAL OUTAGE since   5m ago [global]  official: All Systems Operational',
      '           92% of requests failed with overloaded (529)',
      '           - anthropic/claude-x: MAJOR OUTAGE since 5m ago: overloaded',
      'openai     operational    since  60m ago  official: unknown (unreachable)',
    ]);
  });

  it('formats durations in the largest sensible unit', () => {
    expect(formatAgo(NOW - 5_000, NOW)).toBe('5s');
    expect(formatAgo(NOW - 3 * 3_600_000, NOW)).toBe('3h');
    expect(formatAgo(NOW - 3 * 86_400_000, NOW)).toBe('3d');
  });

  it('says when a failing provider was last fine and counts the official page\'s open incidents', () => {
    const snapshot: HealthSnapshot = {
      at: NOW,
      overall: 'major_outage',
      components: [
        verdict({
          id: 'provider:openai',
          name: 'openai',
          status: 'major_outage',
          scope: 'global',
          reason: 'every request failed with network',
          since: NOW - 90_000,
          lastOkAt: NOW - 95_000,
          official: { status: 'partial_outage', description: 'Partial System Outage', incidents: ['Elevated errors'] },
        }),
      ],
    };
    expect(formatStatus(snapshot, NOW).split('\n')).toEqual([
      'overall: MAJOR OUTAGE',
      'openai    MAJOR OUTAGE   since  90s ago [global]  official: Partial System Outage (1 open incident)',
      '          every request failed with network (last ok 95s ago)',
    ]);
  });

  it('formats the JSON of /api/lifeline/status as read over HTTP (nulls and unknown fields tolerated)', () => {
    const body = {
      pageName: 'Acme',
      at: NOW,
      overall: 'degraded_performance',
      futureField: true,
      components: [
        { id: 'provider:local', kind: 'provider', name: 'local', status: 'degraded_performance', scope: 'slow', reason: 'p50 9 s, usually 1 s', since: NOW - 60_000, lastOkAt: null, official: null, measured: measured, extra: 1 },
      ],
    };
    const snapshot = statusSnapshotSchema.parse(body);
    expect(formatStatus(snapshot, snapshot.at).split('\n')).toEqual([
      'overall: degraded',
      'local     degraded       since  60s ago [slow]  official: n/a',
      '          p50 9 s, usually 1 s',
    ]);
  });

  it('rejects a body that is not a status snapshot', () => {
    expect(statusSnapshotSchema.safeParse({ status: 'ok' }).success).toBe(false);
    expect(statusSnapshotSchema.safeParse({ at: NOW, overall: 'fine', components: [] }).success).toBe(false);
  });
});
