import type { ScenarioResult } from './scenario-result.js';

/** The product targets (per-request Lifeline CPU, throughput against direct, idle memory). */
export const TARGETS = {
  passthroughJsonCpuMicros: 150,
  passthroughStreamCpuMicros: 450,
  translatedJsonCpuMicros: 300,
  translatedStreamCpuMicros: 700,
  minThroughputRatio: 0.6,
  maxIdleRssMb: 80,
} as const;

/**
 * What the issue says a plain nginx reverse proxy costs "on this 2-core machine", next to the
 * targets: the targets are in units of that machine, so dividing a run's measured nginx CPU by
 * these scales them to the machine the bench runs on today.
 */
export const NGINX_REFERENCE_CPU_MICROS = { json: 50, stream: 350 } as const;

/** One target compared with what was measured. */
export interface TargetCheck {
  name: string;
  actual: number;
  limit: number;
  /** `max`: actual must be at most the limit (strictly below for memory); `min`: at least. */
  kind: 'max' | 'min';
  unit: string;
  passed: boolean;
}

function cpuLimit(result: ScenarioResult): number | undefined {
  if (result.group === 'passthrough') return result.stream ? TARGETS.passthroughStreamCpuMicros : TARGETS.passthroughJsonCpuMicros;
  if (result.group === 'translated') return result.stream ? TARGETS.translatedStreamCpuMicros : TARGETS.translatedJsonCpuMicros;
  return undefined;
}

/** Checks every passthrough and translated scenario (CPU and throughput ratio) and the idle RSS. */
export function evaluateTargets(results: readonly ScenarioResult[], idleRssMb: number): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const result of results) {
    const limit = cpuLimit(result);
    if (limit === undefined || result.lifelineCpuMicrosPerRequest === null) continue;
    const cpu = result.lifelineCpuMicrosPerRequest;
    checks.push({ name: `${result.label}: Lifeline CPU`, actual: cpu, limit, kind: 'max', unit: 'µs/req', passed: cpu <= limit });
    const ratio = result.throughputRatio;
    checks.push({
      name: `${result.label}: throughput vs direct`,
      actual: ratio,
      limit: TARGETS.minThroughputRatio,
      kind: 'min',
      unit: '×',
      passed: ratio >= TARGETS.minThroughputRatio,
    });
  }
  checks.push({
    name: 'idle RSS (15 s after start, no traffic)',
    actual: idleRssMb,
    limit: TARGETS.maxIdleRssMb,
    kind: 'max',
    unit: 'MB',
    passed: idleRssMb < TARGETS.maxIdleRssMb,
  });
  return checks;
}

/**
 * The CPU targets scaled to this run's machine: each limit × (nginx CPU measured in this run for the
 * same upstream format and mode ÷ the nginx figure). Informational beside the absolute
 * targets; empty when the run had no nginx.
 */
export function evaluateScaledCpuTargets(results: readonly ScenarioResult[]): TargetCheck[] {
  const byId = new Map(results.map((result) => [result.id, result]));
  const checks: TargetCheck[] = [];
  for (const result of results) {
    const limit = cpuLimit(result);
    const nginxCpu = result.nginxId === undefined ? null : (byId.get(result.nginxId)?.nginxCpuMicrosPerRequest ?? null);
    const cpu = result.lifelineCpuMicrosPerRequest;
    if (limit === undefined || cpu === null || nginxCpu === null || !Number.isFinite(nginxCpu)) continue;
    const reference = result.stream ? NGINX_REFERENCE_CPU_MICROS.stream : NGINX_REFERENCE_CPU_MICROS.json;
    const scaled = (limit * nginxCpu) / reference;
    checks.push({
      name: `${result.label}: Lifeline CPU, target × nginx here ${nginxCpu.toFixed(0)} µs ÷ ${reference} µs`,
      actual: cpu,
      limit: Math.round(scaled),
      kind: 'max',
      unit: 'µs/req',
      passed: cpu <= scaled,
    });
  }
  return checks;
}
