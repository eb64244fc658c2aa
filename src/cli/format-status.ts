import type { ComponentVerdict, HealthSnapshot } from '../health/health-types.js';

/** Exit codes of `lifeline status`, for scripts. */
export const STATUS_EXIT_CODES = { operational: 0, degraded_performance: 1, partial_outage: 2, major_outage: 2, unreachable: 3 } as const;

/** How long ago `at` was, in the largest sensible unit ("45s", "12m", "3h", "2d"). */
export function formatAgo(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours}h` : `${Math.round(hours / 24)}d`;
}

const LABEL: Record<ComponentVerdict['status'], string> = {
  operational: 'operational',
  degraded_performance: 'degraded',
  partial_outage: 'PARTIAL OUTAGE',
  major_outage: 'MAJOR OUTAGE',
};

/**
 * One line per provider — verdict, scope, since when, official status — and an indented line
 * per target that is not operational, so the terminal answers "is it down, for whom, since when".
 */
export function formatStatus(snapshot: HealthSnapshot, now = Date.now()): string {
  const lines = [`overall: ${LABEL[snapshot.overall]}`];
  const providers = snapshot.components.filter((component) => component.kind === 'provider');
  const width = Math.max(8, ...providers.map((provider) => provider.name.length));
  for (const provider of providers) {
    const official = provider.official ? `official: ${provider.official.status === 'unknown' ? `unknown${provider.official.error ? ' (unreachable)' : ''}` : (provider.official.description ?? provider.official.status)}` : 'official: n/a';
    const scope = provider.scope === 'none' ? '' : ` [${provider.scope}]`;
    lines.push(`${provider.name.padEnd(width)}  ${LABEL[provider.status].padEnd(14)} since ${formatAgo(provider.since, now).padStart(4)} ago${scope}  ${official}`);
    if (provider.status !== 'operational' || provider.scope !== 'none') lines.push(`${' '.repeat(width)}  ${provider.reason}`);
    for (const target of snapshot.components.filter((component) => component.parentId === provider.id && component.status !== 'operational')) {
      lines.push(`${' '.repeat(width)}  - ${target.name}: ${LABEL[target.status]} since ${formatAgo(target.since, now)} ago: ${target.reason}`);
    }
  }
  if (providers.length === 0) lines.push('(no providers configured)');
  return lines.join('\n');
}
