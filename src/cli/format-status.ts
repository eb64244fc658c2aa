import type { ComponentStatus } from '../health/health-types.js';

/** Exit codes of `lifeline status`, for scripts. */
export const STATUS_EXIT_CODES = { operational: 0, degraded_performance: 1, partial_outage: 2, major_outage: 2, unreachable: 3 } as const;

/**
 * The fields the terminal view reads: satisfied by the in-process `HealthSnapshot` and by the
 * JSON of `/api/lifeline/status` as parsed by `statusSnapshotSchema`.
 */
export interface StatusView {
  overall: ComponentStatus;
  components: ReadonlyArray<{
    id: string;
    kind: 'provider' | 'target';
    name: string;
    parentId?: string | null;
    status: ComponentStatus;
    scope: string;
    reason: string;
    since: number;
    lastOkAt?: number | null;
    official?: { status: string; description?: string | null; incidents?: readonly string[] | null; error?: string | null } | null;
    /** A cloud's status page, linked rather than polled. */
    officialPage?: { name: string; url: string } | null;
  }>;
}

/** How long ago `at` was, in the largest sensible unit ("45s", "12m", "3h", "2d"). */
export function formatAgo(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours}h` : `${Math.round(hours / 24)}d`;
}

/** Short words for each published status; outages in capitals so they stand out in a terminal. */
export const STATUS_LABEL: Record<ComponentStatus, string> = {
  operational: 'operational',
  degraded_performance: 'degraded',
  partial_outage: 'PARTIAL OUTAGE',
  major_outage: 'MAJOR OUTAGE',
};

type Official = StatusView['components'][number]['official'];

function formatOfficial(official: Official, page: StatusView['components'][number]['officialPage']): string {
  if (!official && page) return `official: not polled, see ${page.url}`;
  if (!official) return 'official: n/a';
  if (official.status === 'unknown') return `official: unknown${official.error ? ' (unreachable)' : ''}`;
  const incidents = official.incidents?.length ? ` (${official.incidents.length} open incident${official.incidents.length === 1 ? '' : 's'})` : '';
  return `official: ${official.description ?? official.status}${incidents}`;
}

/**
 * One line per provider — verdict, scope, since when, official status — and an indented line
 * per target that is not operational, so the terminal answers "is it down, for whom, since when".
 */
export function formatStatus(snapshot: StatusView, now = Date.now()): string {
  const lines = [`overall: ${STATUS_LABEL[snapshot.overall]}`];
  const providers = snapshot.components.filter((component) => component.kind === 'provider');
  const width = Math.max(8, ...providers.map((provider) => provider.name.length));
  const indent = ' '.repeat(width);
  for (const provider of providers) {
    const scope = provider.scope === 'none' ? '' : ` [${provider.scope}]`;
    lines.push(`${provider.name.padEnd(width)}  ${STATUS_LABEL[provider.status].padEnd(14)} since ${formatAgo(provider.since, now).padStart(4)} ago${scope}  ${formatOfficial(provider.official, provider.officialPage)}`);
    if (provider.status !== 'operational' || provider.scope !== 'none') {
      // "When was it last fine" matters only while it is not.
      const lastOk = provider.status !== 'operational' && provider.lastOkAt != null ? ` (last ok ${formatAgo(provider.lastOkAt, now)} ago)` : '';
      lines.push(`${indent}  ${provider.reason}${lastOk}`);
    }
    for (const target of snapshot.components.filter((component) => component.parentId === provider.id && component.status !== 'operational')) {
      lines.push(`${indent}  - ${target.name}: ${STATUS_LABEL[target.status]} since ${formatAgo(target.since, now)} ago: ${target.reason}`);
    }
  }
  if (providers.length === 0) lines.push('(no providers configured)');
  return lines.join('\n');
}
