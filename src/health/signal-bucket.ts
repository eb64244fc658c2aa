import type { FailureClass } from '../errors/index.js';
import { LatencyHistogram } from './latency-histogram.js';

/** Latency series kept apart, so a change in the mix (more streaming, say) never looks like slowness. */
export type LatencyKind = 'generate' | 'stream' | 'probe';

/** Every latency kind, in display order. */
export const LATENCY_KINDS: readonly LatencyKind[] = ['generate', 'stream', 'probe'];

/** What one component saw during one time bucket. */
export interface SignalBucket {
  /** Attempts sent: client traffic and probes. Skipped attempts are not requests. */
  requests: number;
  /** Attempts the provider answered (client-side rejections such as invalid_request included). */
  answered: number;
  /** Failed attempts whose class says something about health (client cancellations excluded). */
  failures: number;
  /** Those failures by class. */
  classes: Partial<Record<FailureClass, number>>;
  /** Failures of class network or timeout that originated on our side of the wire. */
  localNetworkFailures: number;
  /** Attempts not sent (circuit open, every key cooling), by the class they were skipped for. */
  skipped: number;
  skippedClasses: Partial<Record<FailureClass, number>>;
  /** Probes sent, and how many failed (a subset of requests / failures). */
  probes: number;
  probeFailures: number;
  /** Client traffic only (for rollups, which count probes separately). */
  trafficRequests: number;
  trafficFailures: number;
  /** Time to the answer's start of answered attempts: whole response (generate) or first content (stream). */
  latency: Partial<Record<LatencyKind, LatencyHistogram>>;
  /** Finished streams: output tokens and generation time, for tokens/s. */
  outputTokens: number;
  generationMs: number;
  /** Streams that broke after output began and were continued on another target. */
  streamsContinued: number;
  /** Malformed events skipped inside streams that went on. */
  malformedEvents: number;
}

/** An empty bucket. */
export function createSignalBucket(): SignalBucket {
  return {
    requests: 0,
    answered: 0,
    failures: 0,
    classes: {},
    localNetworkFailures: 0,
    skipped: 0,
    skippedClasses: {},
    probes: 0,
    probeFailures: 0,
    trafficRequests: 0,
    trafficFailures: 0,
    latency: {},
    outputTokens: 0,
    generationMs: 0,
    streamsContinued: 0,
    malformedEvents: 0,
  };
}

/** Adds `added` into `total` (histograms merged). */
export function mergeSignalBucket(total: SignalBucket, added: SignalBucket): void {
  total.requests += added.requests;
  total.answered += added.answered;
  total.failures += added.failures;
  addCounts(total.classes, added.classes);
  total.localNetworkFailures += added.localNetworkFailures;
  total.skipped += added.skipped;
  addCounts(total.skippedClasses, added.skippedClasses);
  total.probes += added.probes;
  total.probeFailures += added.probeFailures;
  total.trafficRequests += added.trafficRequests;
  total.trafficFailures += added.trafficFailures;
  for (const [kind, histogram] of Object.entries(added.latency) as Array<[LatencyKind, LatencyHistogram]>) {
    latencyOf(total, kind).merge(histogram);
  }
  total.outputTokens += added.outputTokens;
  total.generationMs += added.generationMs;
  total.streamsContinued += added.streamsContinued;
  total.malformedEvents += added.malformedEvents;
}

/** The bucket's histogram of `kind`, created on first use. */
export function latencyOf(bucket: SignalBucket, kind: LatencyKind): LatencyHistogram {
  let histogram = bucket.latency[kind];
  if (!histogram) {
    histogram = new LatencyHistogram();
    bucket.latency[kind] = histogram;
  }
  return histogram;
}

/** Adds one to `counts[failureClass]`. */
export function countClass(counts: Partial<Record<FailureClass, number>>, failureClass: FailureClass): void {
  counts[failureClass] = (counts[failureClass] ?? 0) + 1;
}

function addCounts(total: Partial<Record<FailureClass, number>>, added: Partial<Record<FailureClass, number>>): void {
  for (const [failureClass, count] of Object.entries(added) as Array<[FailureClass, number]>) {
    total[failureClass] = (total[failureClass] ?? 0) + count;
  }
}
