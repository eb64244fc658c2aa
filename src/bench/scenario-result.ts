import type { BatchResult } from './load-generator.js';
import { summariseLatencies } from './latency-summary.js';
import type { Scenario } from './scenarios.js';

/** One round of one scenario: the batch and the CPU the processes under test spent on it. */
export interface RoundMeasurement {
  batch: BatchResult;
  /** Lifeline's CPU seconds during the batch (only counted for Lifeline scenarios; otherwise it idles). */
  lifelineCpuSeconds: number;
  /** The bare proxy's CPU seconds during the batch (only counted for bare-proxy scenarios). */
  bareProxyCpuSeconds: number;
  /** nginx's CPU seconds during the batch (only counted for nginx scenarios; 0 when the run has no nginx). */
  nginxCpuSeconds: number;
  /** CPU seconds of the simulator that served the batch. */
  upstreamCpuSeconds: number;
  /** CPU seconds of the bench process itself (the load generator) during the batch. */
  clientCpuSeconds: number;
}

/** A scenario's figures over every round, plus its comparison with its baseline. */
export interface ScenarioResult {
  id: string;
  label: string;
  group: Scenario['group'];
  stream: boolean;
  via: Scenario['via'];
  baselineId: string;
  /** Passthrough only: the bare-proxy scenario of the same format and mode. */
  bareProxyId?: string;
  /** Passthrough and translated, when the run has nginx: the nginx scenario of the upstream's format and mode. */
  nginxId?: string;
  /** Requests sent over every round (completed + failed). */
  requests: number;
  failed: number;
  firstFailure?: string;
  /** Completed requests over the summed batch time of every round. */
  requestsPerSecond: number;
  roundRequestsPerSecond: number[];
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** Lifeline CPU per request; null unless the request went through Lifeline. */
  lifelineCpuMicrosPerRequest: number | null;
  /** The bare Node proxy's CPU per request; null unless the request went through it. */
  bareProxyCpuMicrosPerRequest: number | null;
  /** nginx's CPU per request; null unless the request went through it. */
  nginxCpuMicrosPerRequest: number | null;
  /** CPU per request of the simulator that served it (the floor any proxy adds to). */
  upstreamCpuMicrosPerRequest: number;
  /** CPU per request of the load generator; with the two above it explains the throughput on 2 cores. */
  clientCpuMicrosPerRequest: number;
  /**
   * Lifeline CPU per request over the baseline simulator's CPU per request in the same run. Absolute
   * µs swing with the machine's load; this ratio moves much less. Null for direct scenarios.
   */
  lifelineCpuPerSimulatorCpu: number | null;
  /** The same ratio for a bare-proxy scenario (bare proxy CPU over the direct simulator's); null otherwise. */
  bareProxyCpuPerSimulatorCpu: number | null;
  /** The same ratio for an nginx scenario; null otherwise. */
  nginxCpuPerSimulatorCpu: number | null;
  /**
   * Passthrough only: Lifeline CPU per request over the bare proxy's for the same format and mode in the
   * same run, i.e. how many bare Node proxies one Lifeline request costs. Null when either is missing.
   */
  lifelineCpuPerBareProxyCpu: number | null;
  /** Lifeline CPU per request over nginx's (same upstream format and mode, same run); null without nginx. */
  lifelineCpuPerNginxCpu: number | null;
  /** requestsPerSecond / baseline's; 1 for a baseline itself. */
  throughputRatio: number;
  /** p50 minus the baseline's p50. */
  addedP50Ms: number;
  addedP99Ms: number;
}

/** Sums a scenario's rounds into per-request figures (comparison fields still neutral). */
export function aggregateRounds(scenario: Scenario, rounds: readonly RoundMeasurement[]): ScenarioResult {
  let completed = 0;
  let failed = 0;
  let elapsedMs = 0;
  let lifelineCpuSeconds = 0;
  let bareProxyCpuSeconds = 0;
  let nginxCpuSeconds = 0;
  let upstreamCpuSeconds = 0;
  let clientCpuSeconds = 0;
  let firstFailure: string | undefined;
  for (const round of rounds) {
    completed += round.batch.completed;
    failed += round.batch.failed;
    elapsedMs += round.batch.elapsedMs;
    lifelineCpuSeconds += round.lifelineCpuSeconds;
    bareProxyCpuSeconds += round.bareProxyCpuSeconds;
    nginxCpuSeconds += round.nginxCpuSeconds;
    upstreamCpuSeconds += round.upstreamCpuSeconds;
    clientCpuSeconds += round.clientCpuSeconds;
    firstFailure ??= round.batch.firstFailure;
  }
  const requests = completed + failed;
  const latency = summariseLatencies(rounds.map((round) => round.batch.latenciesMs));
  const perRequestMicros = (seconds: number): number => (requests === 0 ? Number.NaN : (seconds * 1e6) / requests);
  const result: ScenarioResult = {
    id: scenario.id,
    label: scenario.label,
    group: scenario.group,
    stream: scenario.stream,
    via: scenario.via,
    baselineId: scenario.baselineId,
    requests,
    failed,
    requestsPerSecond: elapsedMs > 0 ? (completed * 1000) / elapsedMs : 0,
    roundRequestsPerSecond: rounds.map((round) =>
      round.batch.elapsedMs > 0 ? (round.batch.completed * 1000) / round.batch.elapsedMs : 0,
    ),
    p50Ms: latency.p50Ms,
    p99Ms: latency.p99Ms,
    meanMs: latency.meanMs,
    lifelineCpuMicrosPerRequest: scenario.via === 'lifeline' ? perRequestMicros(lifelineCpuSeconds) : null,
    bareProxyCpuMicrosPerRequest: scenario.via === 'bare-proxy' ? perRequestMicros(bareProxyCpuSeconds) : null,
    nginxCpuMicrosPerRequest: scenario.via === 'nginx' ? perRequestMicros(nginxCpuSeconds) : null,
    upstreamCpuMicrosPerRequest: perRequestMicros(upstreamCpuSeconds),
    clientCpuMicrosPerRequest: perRequestMicros(clientCpuSeconds),
    lifelineCpuPerSimulatorCpu: null,
    bareProxyCpuPerSimulatorCpu: null,
    nginxCpuPerSimulatorCpu: null,
    lifelineCpuPerBareProxyCpu: null,
    lifelineCpuPerNginxCpu: null,
    throughputRatio: 1,
    addedP50Ms: 0,
    addedP99Ms: 0,
  };
  if (firstFailure !== undefined) result.firstFailure = firstFailure;
  if (scenario.bareProxyId !== undefined) result.bareProxyId = scenario.bareProxyId;
  if (scenario.nginxId !== undefined) result.nginxId = scenario.nginxId;
  return result;
}

/** `numerator / denominator`, or null when either is missing or the denominator is not a positive finite number. */
export function cpuRatio(numerator: number | null | undefined, denominator: number | null | undefined): number | null {
  if (numerator === null || numerator === undefined || !Number.isFinite(numerator)) return null;
  if (denominator === null || denominator === undefined || !Number.isFinite(denominator) || denominator <= 0) return null;
  return numerator / denominator;
}

/** The direct scenario at the end of a result's baseline chain (a resilience result compares with another Lifeline one). */
function directBaseline(result: ScenarioResult, byId: ReadonlyMap<string, ScenarioResult>): ScenarioResult | undefined {
  let current: ScenarioResult | undefined = result;
  for (let step = 0; current !== undefined && current.via !== 'direct' && step < byId.size; step += 1) current = byId.get(current.baselineId);
  return current?.via === 'direct' ? current : undefined;
}

/**
 * Fills each result's ratios and added latency from the result named by its `baselineId`, and a
 * passthrough result's Lifeline-over-bare-proxy CPU ratio from the result named by its `bareProxyId`,
 * and Lifeline-over-nginx from its `nginxId`.
 */
export function compareWithBaselines(results: readonly ScenarioResult[]): ScenarioResult[] {
  const byId = new Map(results.map((result) => [result.id, result]));
  return results.map((result) => {
    const baseline = byId.get(result.baselineId);
    if (baseline === undefined || baseline === result) return { ...result, throughputRatio: 1, addedP50Ms: 0, addedP99Ms: 0 };
    const direct = directBaseline(result, byId);
    const bareProxy = result.bareProxyId === undefined ? undefined : byId.get(result.bareProxyId);
    const nginx = result.nginxId === undefined ? undefined : byId.get(result.nginxId);
    return {
      ...result,
      lifelineCpuPerSimulatorCpu: cpuRatio(result.lifelineCpuMicrosPerRequest, direct?.upstreamCpuMicrosPerRequest),
      bareProxyCpuPerSimulatorCpu: cpuRatio(result.bareProxyCpuMicrosPerRequest, direct?.upstreamCpuMicrosPerRequest),
      nginxCpuPerSimulatorCpu: cpuRatio(result.nginxCpuMicrosPerRequest, direct?.upstreamCpuMicrosPerRequest),
      lifelineCpuPerBareProxyCpu: cpuRatio(result.lifelineCpuMicrosPerRequest, bareProxy?.bareProxyCpuMicrosPerRequest),
      lifelineCpuPerNginxCpu: cpuRatio(result.lifelineCpuMicrosPerRequest, nginx?.nginxCpuMicrosPerRequest),
      throughputRatio: baseline.requestsPerSecond > 0 ? result.requestsPerSecond / baseline.requestsPerSecond : Number.NaN,
      addedP50Ms: result.p50Ms - baseline.p50Ms,
      addedP99Ms: result.p99Ms - baseline.p99Ms,
    };
  });
}
