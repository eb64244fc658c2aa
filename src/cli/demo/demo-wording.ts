import type { ComponentVerdict, HealthSnapshot } from '../../health/health-types.js';
import type { IncidentEvent } from '../../incidents/incident-manager.js';
import { STATUS_LABEL } from '../format-status.js';
import type { TrafficTally } from './demo-traffic.js';

/** The first thing the demo says: nothing real is contacted. */
export const SIMULATED_NOTICE = [
  '================================================================================',
  ' LIFELINE DEMO: the providers in this demo are SIMULATED.',
  ' "anthropic" and "openai" below are local fake servers on 127.0.0.1 with scripted',
  ' replies and scripted failures. No real provider is contacted, no API key is used.',
  '================================================================================',
].join('\n');

/** `13 requests: 13 ok, 0 errors · answered by a ×7, b ×6 · 6 after failover`. */
export function describeTally(tally: TrafficTally): string {
  const targets = Object.entries(tally.byTarget)
    .sort(([, first], [, second]) => second - first)
    .map(([target, count]) => `${target} ×${count}`)
    .join(', ');
  const parts = [
    `${tally.requests} request${tally.requests === 1 ? '' : 's'}: ${tally.ok} ok, ${tally.errors} error${tally.errors === 1 ? '' : 's'}`,
    targets ? `answered by ${targets}` : undefined,
    tally.failedOver > 0 ? `${tally.failedOver} after failover` : undefined,
  ];
  const errors = tally.errorSamples.length > 0 ? ` (${tally.errorSamples.join('; ')})` : '';
  return `${parts.filter((part) => part !== undefined).join(' · ')}${errors}`;
}

/** `anthropic: MAJOR OUTAGE [global]: reason`. */
export function describeVerdict(verdict: Pick<ComponentVerdict, 'name' | 'status' | 'scope' | 'reason'>): string {
  const scope = verdict.scope === 'none' ? '' : ` [${verdict.scope}]`;
  return `${verdict.name}: ${STATUS_LABEL[verdict.status]}${scope}: ${verdict.reason}`;
}

/**
 * Remembers the last verdict printed per component and returns lines for those whose status or
 * scope changed: providers first, then their targets.
 */
export function createVerdictChangeTracker(): (snapshot: HealthSnapshot) => string[] {
  const printed = new Map<string, string>();
  return (snapshot) => {
    const lines: string[] = [];
    for (const verdict of snapshot.components) {
      const state = `${verdict.status}/${verdict.scope}`;
      if (printed.get(verdict.id) === state) continue;
      printed.set(verdict.id, state);
      lines.push(verdict.kind === 'provider' ? `verdict ${describeVerdict(verdict)}` : `  target ${describeVerdict(verdict)}`);
    }
    return lines;
  };
}

/**
 * One incident event as a timeline line. Opening and resolving quote the whole automatic update
 * (what was measured); intermediate updates only their first line, to keep the timeline short.
 */
export function describeIncidentEvent(event: IncidentEvent): string {
  const { incident } = event;
  const latest = incident.updates.at(-1);
  const lines = latest ? latest.body.split('\n') : [];
  const shown = event.kind === 'updated' ? lines.slice(0, 1) : lines;
  // The update's own lines are indented under the event so the timeline stays readable.
  const body = latest ? `\n  ${latest.status}: ${shown.join('\n    ')}` : '';
  switch (event.kind) {
    case 'opened':
      return `INCIDENT OPENED: "${incident.title}" (impact ${incident.impact})${body}`;
    case 'updated':
      return `incident updated: "${incident.title}"${body}`;
    case 'resolved':
      return `INCIDENT RESOLVED: "${incident.title}"${body}`;
  }
}
