import type { BareProxyComparison } from './bare-proxy-comparison.js';
import type { OpenStreamsResult } from './open-streams.js';
import type { ScenarioResult } from './scenario-result.js';
import type { TargetCheck } from './targets.js';

/** Memory of the Lifeline process, in megabytes. */
export interface MemoryFigures {
  /** 0.5 s after start. */
  startRssMb: number;
  /** After 15 s without traffic. */
  idleRssMb: number;
  peakRssMb: number;
}

/** `0.62×`; `n/a` when the ratio could not be computed. */
export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a';
}

/** `+1.23` / `-0.40` milliseconds; `n/a` when unknown. */
export function formatSignedMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  const rounded = ms.toFixed(2);
  return ms >= 0 || rounded === '-0.00' ? `+${Math.abs(ms).toFixed(2)}` : rounded;
}

/** A fixed-point number, or `n/a`. */
export function formatNumber(value: number | null, digits = 0): string {
  return value === null || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
}

/** Left-aligns the first column and right-aligns the rest, padding every column to its widest cell. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** A ratio that may be missing: `1.35×` or `n/a`. */
export function formatOptionalRatio(ratio: number | null): string {
  return ratio === null ? 'n/a' : formatRatio(ratio);
}

/**
 * What each scenario measured: throughput, latency and CPU per request of every process involved.
 * "proxy CPU" is Lifeline's on Lifeline rows, the bare proxy's or nginx's on theirs (the label says which).
 */
export function renderMeasurementTable(results: readonly ScenarioResult[]): string {
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'proxy CPU µs/req', 'sim CPU µs/req', 'client CPU µs/req', 'failed'];
  const rows = results.map((result) => [
    result.label,
    formatNumber(result.requestsPerSecond),
    formatNumber(result.p50Ms, 2),
    formatNumber(result.p99Ms, 2),
    formatNumber(result.lifelineCpuMicrosPerRequest ?? result.bareProxyCpuMicrosPerRequest ?? result.nginxCpuMicrosPerRequest),
    formatNumber(result.upstreamCpuMicrosPerRequest),
    formatNumber(result.clientCpuMicrosPerRequest),
    String(result.failed),
  ]);
  return renderTable(header, rows);
}

/**
 * Each non-baseline scenario against its baseline: throughput ratio, added latency, proxy CPU in units of
 * simulator CPU, and (passthrough rows) Lifeline CPU in units of the bare proxy's CPU.
 */
export function renderComparisonTable(results: readonly ScenarioResult[]): string {
  const header = ['scenario', 'compared with', 'req/s ratio', '+p50 ms', '+p99 ms', 'proxy CPU ÷ sim CPU', 'Lifeline CPU ÷ bare proxy CPU', 'Lifeline CPU ÷ nginx CPU'];
  const rows = results
    .filter((result) => result.baselineId !== result.id)
    .map((result) => [
      result.label,
      result.baselineId.replace(/-(json|stream)$/, ''),
      formatRatio(result.throughputRatio),
      formatSignedMs(result.addedP50Ms),
      formatSignedMs(result.addedP99Ms),
      formatOptionalRatio(result.lifelineCpuPerSimulatorCpu ?? result.bareProxyCpuPerSimulatorCpu ?? result.nginxCpuPerSimulatorCpu),
      result.bareProxyId === undefined ? '' : formatOptionalRatio(result.lifelineCpuPerBareProxyCpu),
      result.nginxId === undefined ? '' : formatOptionalRatio(result.lifelineCpuPerNginxCpu),
    ]);
  return renderTable(header, rows);
}

/** One line per target: PASS/FAIL, what was measured, and the limit. */
export function renderChecks(checks: readonly TargetCheck[]): string {
  return checks
    .map((check) => {
      const digits = check.unit === '×' ? 2 : check.unit === 'MB' || check.unit === 'ms' ? 1 : 0;
      const relation = check.kind === 'max' ? (check.unit === 'MB' ? '<' : '≤') : '≥';
      const verdict = check.passed ? 'PASS' : 'FAIL';
      return `${verdict}  ${check.name}: ${check.actual.toFixed(digits)} ${check.unit} (target ${relation} ${check.limit} ${check.unit})`;
    })
    .join('\n');
}

/** One informational line per passthrough/bare-proxy pair (not counted as a target). */
export function renderBareProxyComparisons(comparisons: readonly BareProxyComparison[]): string {
  return comparisons
    .map(
      (comparison) =>
        `INFO  ${comparison.name}: Lifeline CPU ${comparison.lifelineCpuMicros.toFixed(0)} µs/req = ${formatRatio(comparison.ratio)} ` +
        `${comparison.bareProxyLabel} (${comparison.bareProxyCpuMicros.toFixed(0)} µs/req) (informational, not a target)`,
    )
    .join('\n');
}

/** Idle and peak RSS lines. */
export function renderMemory(memory: MemoryFigures): string {
  return (
    `Lifeline RSS: ${memory.startRssMb.toFixed(1)} MB 0.5 s after start, idle ${memory.idleRssMb.toFixed(1)} MB (15 s after start, no traffic yet), ` +
    `peak (VmHWM) ${memory.peakRssMb.toFixed(1)} MB`
  );
}

/** The many-open-streams runs, one row per proxy: loop delay while the streams trickle (counted), then over the whole window. */
export function renderOpenStreams(runs: readonly OpenStreamsResult[]): string {
  const header = [
    'open streams',
    'streams',
    'failed',
    'events',
    'seconds',
    'all started s',
    'CPU µs/event',
    'peak RSS MB',
    'trickle loop p99 ms',
    'trickle loop max ms',
    'whole loop p99 ms',
    'whole loop max ms',
  ];
  const rows = runs.map((run) => [
    run.label,
    String(run.streams),
    String(run.failed),
    String(run.events),
    formatNumber(run.elapsedMs / 1000, 1),
    formatNumber(run.allStartedMs / 1000, 1),
    formatNumber(run.cpuMicrosPerEvent, 1),
    formatNumber(run.peakRssMb, 1),
    formatNumber(run.eventLoop.p99Ms, 1),
    formatNumber(run.eventLoop.maxMs, 1),
    formatNumber(run.eventLoopWholeWindow.p99Ms, 1),
    formatNumber(run.eventLoopWholeWindow.maxMs, 1),
  ]);
  const failures = runs.filter((run) => run.firstFailure !== undefined).map((run) => `${run.label}: first failure ${run.firstFailure}`);
  return [renderTable(header, rows), ...failures].join('\n');
}
