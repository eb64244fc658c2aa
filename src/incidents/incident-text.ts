import type { ComponentId, ComponentStatus, ComponentVerdict } from '../health/health-types.js';
import { describeMeasurements, describeVerdict } from './describe-verdict.js';
import { componentDisplayName, formatDurationMs, formatUtcTime, STATUS_WORDS } from './incident-wording.js';
import { worstStatus } from '../health/health-types.js';

/** One component's status change between two automatic updates. */
export interface StatusChange {
  id: ComponentId;
  /** Undefined when the component just joined the incident. */
  from: ComponentStatus | undefined;
  to: ComponentStatus;
}

/** The first update of an automatic incident: what is affected, since when, and what was measured. */
export function openedBody(verdicts: readonly ComponentVerdict[], firstSeenAt: number, openAfterMs: number): string {
  const worst = STATUS_WORDS[worstStatus(verdicts.map((verdict) => verdict.status))];
  const names = verdicts.map((verdict) => verdict.name).join(', ');
  const lines = [
    `Lifeline's own traffic shows ${worst} for ${names}, first seen at ${formatUtcTime(firstSeenAt)} and lasting more than ${formatDurationMs(openAfterMs)}. We are investigating.`,
    ...verdicts.map(describeVerdict),
  ];
  return lines.join('\n');
}

/**
 * An automatic update after components changed status or joined: says what changed, then what is
 * measured now on every component still affected.
 */
export function changedBody(changes: readonly StatusChange[], stillAffected: readonly ComponentVerdict[]): string {
  const lines = [`Impact changed: ${changes.map(describeChange).join('; ')}.`];
  if (stillAffected.length > 0) lines.push(...stillAffected.map(describeVerdict));
  return lines.join('\n');
}

/** The automatic `monitoring` update: everything measured healthy again; resolution pending. */
export function monitoringBody(componentIds: readonly ComponentId[], verdicts: readonly ComponentVerdict[], resolveAfterMs: number): string {
  const names = componentIds.map(componentDisplayName).join(', ');
  const lines = [
    `Recovering: ${names} ${componentIds.length === 1 ? 'is' : 'are'} operational again. Lifeline resolves this incident after ${formatDurationMs(resolveAfterMs)} without problems.`,
    ...verdicts.map((verdict) => `${verdict.name}: ${describeMeasurements(verdict.measured)}.`),
  ];
  return lines.join('\n');
}

/** The final automatic update: how long it lasted, what recovered (with its worst status), what is measured now. */
export function resolvedBody(options: {
  createdAt: number;
  recoveredAt: number;
  now: number;
  worstByComponent: ReadonlyMap<ComponentId, ComponentStatus>;
  verdicts: readonly ComponentVerdict[];
}): string {
  const recovered = [...options.worstByComponent]
    .map(([id, worst]) => (worst === 'operational' ? componentDisplayName(id) : `${componentDisplayName(id)} (worst: ${STATUS_WORDS[worst]})`))
    .join(', ');
  const lines = [
    `Resolved: operational again since ${formatUtcTime(options.recoveredAt)} (${formatDurationMs(options.now - options.recoveredAt)} without problems). ` +
      `The incident lasted ${formatDurationMs(options.recoveredAt - options.createdAt)} from ${formatUtcTime(options.createdAt)}. Recovered: ${recovered}.`,
    ...options.verdicts.map((verdict) => `${verdict.name}: ${describeMeasurements(verdict.measured)}.`),
  ];
  return lines.join('\n');
}

function describeChange(change: StatusChange): string {
  const name = componentDisplayName(change.id);
  if (change.from === undefined) return `${name} is now affected (${STATUS_WORDS[change.to]})`;
  if (change.to === 'operational') return `${name} recovered (was ${STATUS_WORDS[change.from]})`;
  if (change.from === 'operational') return `${name} is affected again (${STATUS_WORDS[change.to]})`;
  return `${name} went from ${STATUS_WORDS[change.from]} to ${STATUS_WORDS[change.to]}`;
}
