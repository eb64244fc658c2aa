import type { ComponentId, ComponentStatus } from '../health/health-types.js';
import type { IncidentImpact } from '../store/store.js';

/** Statuspage's component statuses in plain words. */
export const STATUS_WORDS: Record<ComponentStatus, string> = {
  operational: 'operational',
  degraded_performance: 'degraded performance',
  partial_outage: 'partial outage',
  major_outage: 'major outage',
};

/** Incident impact levels, least to most severe. */
export const IMPACT_SEVERITY: Record<IncidentImpact, number> = { none: 0, minor: 1, major: 2, critical: 3 };

/** The impact an incident has when its worst component is in `status` (Statuspage's own rule). */
export function impactForStatus(status: ComponentStatus): IncidentImpact {
  switch (status) {
    case 'operational':
      return 'none';
    case 'degraded_performance':
      return 'minor';
    case 'partial_outage':
      return 'major';
    case 'major_outage':
      return 'critical';
  }
}

/** The more severe of two impacts. */
export function worseImpact(left: IncidentImpact, right: IncidentImpact): IncidentImpact {
  return IMPACT_SEVERITY[right] > IMPACT_SEVERITY[left] ? right : left;
}


/** `provider:anthropic` → `anthropic`, `target:anthropic/claude-x` → `anthropic/claude-x`. */
export function componentDisplayName(id: ComponentId): string {
  const colon = id.indexOf(':');
  return colon === -1 ? id : id.slice(colon + 1);
}

/** The provider id (`provider:<name>`) a component belongs to. */
export function providerIdOf(id: ComponentId): ComponentId {
  if (id.startsWith('provider:')) return id;
  const name = componentDisplayName(id);
  const slash = name.indexOf('/');
  return `provider:${slash === -1 ? name : name.slice(0, slash)}`;
}

const KNOWN_PROVIDER_NAMES: Record<string, string> = { anthropic: 'Anthropic', openai: 'OpenAI' };

/** How a provider's configured name reads in a title: `openai` → `OpenAI`; others as configured. */
export function providerDisplayName(name: string): string {
  return KNOWN_PROVIDER_NAMES[name.toLowerCase()] ?? name;
}

/** `95_000` → `1 min 35 s`; `7_500_000` → `2 h 5 min`. */
export function formatDurationMs(durationMs: number): string {
  const totalSeconds = Math.max(0, Math.round(durationMs / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) return seconds > 0 ? `${minutes} min ${seconds} s` : `${minutes} min`;
  return `${seconds} s`;
}

/** `2026-11-23 17:14:02 UTC`: unambiguous for readers in any time zone. */
export function formatUtcTime(atMs: number): string {
  return `${new Date(atMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** 0.8412 → `84%`, 0.004 → `0.4%`. */
export function formatPercent(rate: number): string {
  const percent = rate * 100;
  if (percent === 0 || percent >= 10) return `${Math.round(percent)}%`;
  return `${Number(percent.toFixed(1))}%`;
}
