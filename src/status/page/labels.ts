import type { ComponentId, ComponentStatus, VerdictScope } from '../../health/health-types.js';
import type { IncidentImpact, IncidentStatus } from '../../store/store.js';

/**
 * Every word the page shows for an enum, in one place. The inline script gets the same tables
 * (serialised into it) so live updates read exactly like the server-rendered page.
 */
export const STATUS_LABELS: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

export const SCOPE_LABELS: Record<VerdictScope, string> = {
  none: '',
  global: 'Whole provider',
  key: 'One API key',
  target: 'One model',
  slow: 'Slower than usual',
  own_network: "Lifeline's own network",
  official: 'Reported by the official status page only',
};

export const OFFICIAL_LABELS: Record<ComponentStatus | 'unknown', string> = { ...STATUS_LABELS, unknown: 'Unknown' };

export const INCIDENT_STATUS_LABELS: Record<IncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  postmortem: 'Postmortem',
};

export const IMPACT_LABELS: Record<IncidentImpact, string> = {
  none: 'No impact',
  minor: 'Minor impact',
  major: 'Major impact',
  critical: 'Critical impact',
};

/** `provider:anthropic` → `anthropic`, `target:anthropic/opus` → `anthropic/opus`. */
export function componentLabel(id: ComponentId): string {
  return id.replace(/^(provider|target):/, '');
}

/** `09:43:38 UTC` for today (UTC), else `2026-11-22 09:43 UTC`. */
export function formatTime(epochMs: number, nowMs: number): string {
  const iso = new Date(epochMs).toISOString();
  const sameDay = iso.slice(0, 10) === new Date(nowMs).toISOString().slice(0, 10);
  return sameDay ? `${iso.slice(11, 19)} UTC` : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** `40 s`, `12 min`, `3 h 5 min`, `4 d`. */
export function formatDuration(durationMs: number): string {
  const seconds = Math.max(0, Math.round(durationMs / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d`;
}

/** `420 ms` or `1.2 s`. */
export function formatLatency(milliseconds: number): string {
  return milliseconds < 1000 ? `${Math.round(milliseconds)} ms` : `${(milliseconds / 1000).toFixed(1)} s`;
}
