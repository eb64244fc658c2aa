import type { KeyCheck } from '../health/index.js';
import { formatMs } from '../health/format-words.js';
import { NO_KEY_LABEL, type ProviderKeyReport } from './run-key-checks.js';

/** `HH:MM:SS` in UTC, for "rate-limited (until …)". */
function clockTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(11, 19)} UTC`;
}

/** The verdict on one key in plain words: `valid`, `invalid key`, `provider down (overloaded)`, ... */
export function describeKeyCheck(check: KeyCheck): string {
  switch (check.outcome) {
    case 'valid':
      return 'valid';
    case 'invalid':
      // A keyless server that answers 401 wants a key; there is no key to call invalid. A cloud
      // that signs in with its own credentials (Vertex) had them refused.
      if (check.label === NO_KEY_LABEL) return 'needs a key (none configured)';
      return /^key-\d+/.test(check.label) ? 'invalid key' : 'credentials refused';
    case 'rate_limited':
      return check.untilMs !== undefined ? `rate-limited (until ${clockTime(check.untilMs)})` : 'rate-limited';
    case 'quota':
      return 'out of quota';
    case 'provider_unavailable':
      return `provider down (${check.failureClass ?? 'unknown'})`;
    case 'model_unavailable':
      return 'model unavailable';
    case 'no_target':
      return 'no target to probe';
  }
}

/**
 * Per provider, one line per key label (never the key): the verdict, the model probed and the
 * latency; then a one-line summary.
 */
export function formatKeyChecks(reports: readonly ProviderKeyReport[]): string {
  const lines: string[] = [];
  const labelWidth = Math.max(8, ...reports.flatMap((report) => report.checks.map((check) => check.label.length)));
  const verdictWidth = Math.max(0, ...reports.flatMap((report) => report.checks.map((check) => describeKeyCheck(check).length)));
  for (const report of reports) {
    lines.push(`${report.name} (${report.type}, ${report.baseUrl})`);
    if (report.checks.length === 0) lines.push(`  ${'(no key)'.padEnd(labelWidth)}  no key configured: its targets are skipped`);
    for (const check of report.checks) {
      const details = [check.model ? `model ${check.model}` : undefined, check.latencyMs !== undefined ? formatMs(check.latencyMs) : undefined, check.sent ? undefined : 'not sent']
        .filter((part): part is string => part !== undefined)
        .join(', ');
      lines.push(`  ${check.label.padEnd(labelWidth)}  ${describeKeyCheck(check).padEnd(verdictWidth)}  ${details}`.trimEnd());
      if (check.detail && check.outcome !== 'valid') lines.push(`  ${' '.repeat(labelWidth)}  ${check.detail}`);
      if (check.outcome === 'no_target') lines.push(`  ${' '.repeat(labelWidth)}  (name a model in providers.${report.name}.models or in a route to check this key)`);
    }
  }
  const checks = reports.flatMap((report) => report.checks);
  const valid = checks.filter((check) => check.outcome === 'valid').length;
  const unchecked = reports.filter((report) => report.checks.length === 0).length;
  lines.push(`${checks.length} key${checks.length === 1 ? '' : 's'} checked: ${valid} valid, ${checks.length - valid} not${unchecked > 0 ? `; ${unchecked} provider(s) without a key` : ''}`);
  return lines.join('\n');
}

/** 0 when every key of every provider is valid, 1 otherwise (a provider without a key counts as not valid). */
export function keyChecksExitCode(reports: readonly ProviderKeyReport[]): number {
  const allValid = reports.every((report) => report.checks.length > 0 && report.checks.every((check) => check.outcome === 'valid'));
  return allValid ? 0 : 1;
}
