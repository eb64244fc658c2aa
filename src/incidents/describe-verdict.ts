import type { ComponentVerdict, Measurements, OfficialStatus } from '../health/health-types.js';
import { formatDurationMs, formatPercent, STATUS_WORDS } from './incident-wording.js';

/**
 * What was measured, in one sentence: requests and failures, classes with counts, latency against
 * the component's own baseline, probes. Automatic incident updates quote it so readers see
 * evidence, not just a verdict.
 * @example "42 of 50 requests failed (84%) in the last 1 min: overloaded 40, timeout 2; latency p50 3200 ms (usually 800 ms)"
 */
export function describeMeasurements(measured: Measurements): string {
  const parts: string[] = [];
  const window = `in the last ${formatDurationMs(measured.windowMs)}`;
  if (measured.requests > 0) {
    let traffic = `${measured.failures} of ${measured.requests} requests failed (${formatPercent(measured.errorRate)}) ${window}`;
    const classes = describeClasses(measured.classes);
    if (classes) traffic += `: ${classes}`;
    parts.push(traffic);
  } else {
    parts.push(`no client requests ${window}`);
  }
  if (measured.latencyP50Ms !== undefined) {
    let latency = `latency p50 ${Math.round(measured.latencyP50Ms)} ms`;
    if (measured.baselineLatencyP50Ms !== undefined) latency += ` (usually ${Math.round(measured.baselineLatencyP50Ms)} ms)`;
    if (measured.latencyP95Ms !== undefined) latency += `, p95 ${Math.round(measured.latencyP95Ms)} ms`;
    parts.push(latency);
  }
  if (measured.ttftP50Ms !== undefined) parts.push(`time to first token p50 ${Math.round(measured.ttftP50Ms)} ms`);
  if (measured.probes !== undefined && measured.probes > 0) {
    parts.push(`probes: ${measured.probeFailures ?? 0} of ${measured.probes} failed`);
  }
  const notes = describeStreamNotes(measured);
  if (notes) parts.push(notes);
  return parts.join('; ');
}

/** Streams continued elsewhere and malformed events skipped: `2 streams continued on another target, 1 malformed stream event skipped`. Empty when none. */
export function describeStreamNotes(measured: Pick<Measurements, 'streamsContinued' | 'malformedEvents'>): string {
  const notes: string[] = [];
  const count = (value: number, one: string, many: string) => `${value} ${value === 1 ? one : many}`;
  if (measured.streamsContinued) notes.push(`${count(measured.streamsContinued, 'stream', 'streams')} continued on another target`);
  if (measured.malformedEvents) notes.push(`${count(measured.malformedEvents, 'malformed stream event', 'malformed stream events')} skipped`);
  return notes.join(', ');
}

/** Failure classes, most frequent first: `overloaded 40, timeout 2`. Empty when none. */
export function describeClasses(classes: Measurements['classes']): string {
  return Object.entries(classes)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && entry[1] > 0)
    .sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]))
    .map(([failureClass, count]) => `${failureClass} ${count}`)
    .join(', ');
}

/** The most frequent failure class, if any failed. */
export function dominantClass(classes: Measurements['classes']): string | undefined {
  const described = describeClasses(classes);
  return described === '' ? undefined : described.split(' ')[0];
}

/** The official status page's view, or undefined when it has nothing to say. */
export function describeOfficial(official: OfficialStatus | undefined): string | undefined {
  if (!official || official.status === 'unknown') return undefined;
  let text = `official status page: ${official.description ?? STATUS_WORDS[official.status]}`;
  if (official.incidents && official.incidents.length > 0) text += ` (${official.incidents.map((name) => `"${name}"`).join(', ')})`;
  return text;
}

/**
 * One line per component: `anthropic — major outage: <reason>. Measured: …; official status page: …`.
 */
export function describeVerdict(verdict: ComponentVerdict): string {
  let line = `${verdict.name} — ${STATUS_WORDS[verdict.status]}`;
  if (verdict.reason) line += `: ${verdict.reason}`;
  line += `. Measured: ${describeMeasurements(verdict.measured)}`;
  const official = describeOfficial(verdict.official);
  if (official) line += `; ${official}`;
  return `${line}.`;
}
