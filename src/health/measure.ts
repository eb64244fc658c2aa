import type { Measurements } from './health-types.js';
import type { LatencySummary, SignalSummary } from './passive-signals.js';

/** The published measurements of a window. `requests`/`failures` include probes; `probes` says how many. */
export function measure(summary: SignalSummary, windowMs: number, baseline: LatencySummary | undefined): Measurements {
  const latency = summary.trafficLatency ?? summary.latency.probe;
  return {
    windowMs,
    requests: summary.requests,
    failures: summary.failures,
    errorRate: summary.requests > 0 ? summary.failures / summary.requests : 0,
    classes: { ...summary.classes },
    ...(latency ? { latencyP50Ms: Math.round(latency.p50Ms), latencyP95Ms: Math.round(latency.p95Ms) } : {}),
    ...(summary.latency.stream ? { ttftP50Ms: Math.round(summary.latency.stream.p50Ms) } : {}),
    ...(summary.tokensPerSecond !== undefined ? { tokensPerSecond: Math.round(summary.tokensPerSecond * 10) / 10 } : {}),
    ...(baseline ? { baselineLatencyP50Ms: Math.round(baseline.p50Ms) } : {}),
    ...(summary.probes > 0 ? { probes: summary.probes, probeFailures: summary.probeFailures } : {}),
    ...(summary.streamsContinued > 0 ? { streamsContinued: summary.streamsContinued } : {}),
    ...(summary.malformedEvents > 0 ? { malformedEvents: summary.malformedEvents } : {}),
  };
}
