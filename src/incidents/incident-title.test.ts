import { describe, expect, it } from 'vitest';
import type { ComponentVerdict } from '../health/health-types.js';
import { describeMeasurements, describeVerdict } from './describe-verdict.js';
import { incidentTitle } from './incident-title.js';
import { formatDurationMs, formatPercent } from './incident-wording.js';

function verdict(extra: Partial<ComponentVerdict>): ComponentVerdict {
  return {
    id: 'provider:anthropic',
    kind: 'provider',
    name: 'anthropic',
    status: 'partial_outage',
    scope: 'global',
    reason: 'most requests failed with server (500)',
    since: 0,
    measured: { windowMs: 60_000, requests: 10, failures: 6, errorRate: 0.6, classes: { server: 6 } },
    ...extra,
  };
}

describe('incidentTitle', () => {
  it.each([
    ['a provider-wide outage names the dominant class', [verdict({})], 'Anthropic: partial outage (server)'],
    ['one key', [verdict({ id: 'provider:openai', name: 'openai', scope: 'key', status: 'degraded_performance', reason: 'rate-limited on key-2 …f00d' })], 'OpenAI: rate-limited on key-2 …f00d'],
    ['slow', [verdict({ scope: 'slow', status: 'degraded_performance', measured: { windowMs: 60_000, requests: 5, failures: 0, errorRate: 0, classes: {} } })], 'Anthropic: slow responses (degraded performance)'],
    ['own network', [verdict({ scope: 'own_network', status: 'major_outage' })], 'Lifeline cannot reach any provider (network problem on our side)'],
    ['official only', [verdict({ scope: 'official', status: 'degraded_performance' })], 'Anthropic: degraded performance reported by the official status page'],
    ['one model', [verdict({ id: 'target:anthropic/claude-opus-4', kind: 'target', name: 'anthropic/claude-opus-4', parentId: 'provider:anthropic' })], 'Anthropic claude-opus-4: partial outage (server)'],
    ['the client-named models of provider/*', [verdict({ id: 'target:anthropic/*', kind: 'target', name: 'anthropic/*', parentId: 'provider:anthropic' })], 'Anthropic client-named models: partial outage (server)'],
  ])('%s', (_name, verdicts, expected) => {
    expect(incidentTitle(verdicts)).toBe(expected);
  });
});

describe('describeVerdict', () => {
  it('says what was measured, and the official status beside it', () => {
    const text = describeVerdict(
      verdict({
        measured: { windowMs: 90_000, requests: 200, failures: 3, errorRate: 0.015, classes: { timeout: 1, server: 2 }, latencyP50Ms: 950.4, latencyP95Ms: 4000, probes: 4, probeFailures: 1, ttftP50Ms: 700 },
        official: { status: 'partial_outage', description: 'Partial System Outage', incidents: ['Elevated errors for Claude Opus'] },
      }),
    );
    expect(text).toBe(
      'anthropic — partial outage: most requests failed with server (500). Measured: 3 of 200 requests failed (1.5%) in the last 1 min 30 s: server 2, timeout 1; ' +
        'latency p50 950 ms, p95 4000 ms; time to first token p50 700 ms; probes: 1 of 4 failed; official status page: Partial System Outage ("Elevated errors for Claude Opus").',
    );
  });

  it('says when there was no traffic', () => {
    expect(describeMeasurements({ windowMs: 60_000, requests: 0, failures: 0, errorRate: 0, classes: {}, probes: 2, probeFailures: 2 })).toBe(
      'no client requests in the last 1 min; probes: 2 of 2 failed',
    );
  });

  it('formats durations and percentages for people', () => {
    expect(formatDurationMs(7_500_000)).toBe('2 h 5 min');
    expect(formatDurationMs(45_000)).toBe('45 s');
    expect(formatPercent(0.004)).toBe('0.4%');
    expect(formatPercent(1)).toBe('100%');
  });
});
