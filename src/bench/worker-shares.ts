import { formatNumber, renderTable } from './report.js';
import type { LatencySummary } from './latency-summary.js';

/** Pids listed in the text of /proc/<pid>/task/<tid>/children (space-separated, may be empty). */
export function parseChildPids(text: string): number[] {
  return text
    .split(/\s+/)
    .filter((field) => field !== '')
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

/** Key for answers without `x-lifeline-worker`: a single process (`--workers 1`) sends none. */
export const SINGLE_PROCESS = 'single';

/** Counts answers per `x-lifeline-worker` value. */
export function countWorker(counts: Map<string, number>, header: string | string[] | undefined): void {
  const worker = (Array.isArray(header) ? header[0] : header) ?? SINGLE_PROCESS;
  counts.set(worker, (counts.get(worker) ?? 0) + 1);
}

/** `1: 51%, 2: 49%`, workers in numeric order. */
export function formatShares(counts: ReadonlyMap<string, number>): string {
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  if (total === 0) return 'n/a';
  return [...counts.entries()]
    .sort(([a], [b]) => Number(a) - Number(b) || a.localeCompare(b))
    .map(([worker, count]) => `${worker}: ${((count * 100) / total).toFixed(0)}%`)
    .join(', ');
}

/** One `--workers N` run of the small same-format request. */
export interface WorkersRun {
  workers: number;
  completed: number;
  failed: number;
  elapsedMs: number;
  latency: LatencySummary;
  /** utime+stime deltas in seconds: Lifeline summed over primary and workers, the simulator, this load generator. */
  lifelineCpuSeconds: number;
  simulatorCpuSeconds: number;
  clientCpuSeconds: number;
  /** Answers per `x-lifeline-worker`. */
  shares: Map<string, number>;
}

/** One row per run: req/s, p50/p99, CPU µs per request of Lifeline (all its processes), the simulator and the client, worker shares. */
export function renderWorkersRuns(runs: readonly WorkersRun[]): string {
  const perRequest = (seconds: number, run: WorkersRun): string => formatNumber(run.completed === 0 ? null : (seconds * 1e6) / run.completed, 0);
  const header = ['workers', 'req/s', 'failed', 'p50 ms', 'p99 ms', 'Lifeline CPU µs/req', 'sim CPU µs/req', 'client CPU µs/req', 'answers per worker'];
  const rows = runs.map((run) => [
    `--workers ${run.workers}`,
    formatNumber(run.elapsedMs > 0 ? (run.completed * 1000) / run.elapsedMs : null, 0),
    String(run.failed),
    formatNumber(run.latency.p50Ms, 2),
    formatNumber(run.latency.p99Ms, 2),
    perRequest(run.lifelineCpuSeconds, run),
    perRequest(run.simulatorCpuSeconds, run),
    perRequest(run.clientCpuSeconds, run),
    formatShares(run.shares),
  ]);
  return renderTable(header, rows);
}

/** One run as bench-results.json keeps it: the printed figures, per request, and answers per worker as an object. */
export function workersRunJson(run: WorkersRun): Record<string, unknown> {
  const perRequest = (seconds: number): number | null => (run.completed === 0 ? null : (seconds * 1e6) / run.completed);
  return {
    workers: run.workers,
    completed: run.completed,
    failed: run.failed,
    elapsedMs: run.elapsedMs,
    requestsPerSecond: run.elapsedMs > 0 ? (run.completed * 1000) / run.elapsedMs : null,
    latency: run.latency,
    lifelineCpuMicrosPerRequest: perRequest(run.lifelineCpuSeconds),
    simulatorCpuMicrosPerRequest: perRequest(run.simulatorCpuSeconds),
    clientCpuMicrosPerRequest: perRequest(run.clientCpuSeconds),
    answersPerWorker: Object.fromEntries(run.shares),
  };
}
