import type { FailureClass } from '../errors/index.js';
import type { BreakerStateName } from '../resilience/circuit-breaker/breaker-state.js';
import { countFailures, describeClasses, failureGroup } from './failure-groups.js';
import { formatMs, formatSpan } from './format-words.js';
import type { HealthConfig } from './health-config.js';
import type { ComponentId } from './health-types.js';
import type { SignalReader, SignalSummary } from './passive-signals.js';
import { LATENCY_KINDS, type LatencyKind } from './signal-bucket.js';
import { HEALTHY, healthFromErrorRate, healthRank, withBreaker, type InternalHealth } from './to-component-status.js';

/** What the engine remembers about a target between evaluations. */
export interface TargetMemory {
  /** Health with hysteresis, before the breaker is taken into account. */
  health: InternalHealth;
  /** Buckets before this are ignored: set on recovery, so failures already judged cannot reopen it. */
  evidenceFromMs: number;
  /** Set while the target is judged slow. */
  slowSince?: number;
  /** The latest slow finding, kept while there are too few samples to judge again. */
  slowFinding?: SlowFinding;
  /** The last reason computed with evidence in the window, kept while there is none. */
  reason?: string;
}

/** The latency finding behind a "slow" verdict. */
export interface SlowFinding {
  kind: LatencyKind;
  p50Ms: number;
  baselineP50Ms: number;
}

/** One target, judged. */
export interface TargetAssessment {
  memory: TargetMemory;
  /** Failure health with the breaker applied (slowness is separate). */
  health: InternalHealth;
  slow?: SlowFinding;
  /** The window the verdict used (starts at the recovery point when that is more recent). */
  window: SignalSummary;
  /** Attempts or skips in the window: someone is still using it. */
  hasEvidence: boolean;
  /** Failures of the target's own kinds (provider- and target-side classes) in the window. */
  classes: Partial<Record<FailureClass, number>>;
  /** Plain words about failures, or undefined when healthy. */
  reason?: string;
}

/** Human words for each latency series. */
const KIND_WORDS: Readonly<Record<LatencyKind, string>> = {
  generate: 'response time',
  stream: 'time to first token',
  probe: 'probe response time',
};

/**
 * Judges one target from its window, with hysteresis. It leaves healthy only on enough failures
 * (`open_after_failures`) at a rate over the thresholds. It returns to healthy only after a quiet
 * recovery: `recover_after_successes` consecutive successes with the window's error rate below
 * half the degraded threshold, or `recover_after_ms` without a failure and a success since; from
 * then on older failures no longer count. Between the two, a clean recent window with those
 * consecutive successes shows an ejected target as degraded (recovering).
 */
export function assessTarget(input: {
  id: ComponentId;
  now: number;
  config: HealthConfig;
  signals: SignalReader;
  breaker?: BreakerStateName;
  previous?: TargetMemory;
}): TargetAssessment {
  const { id, now, config, signals, previous } = input;
  const memory: TargetMemory = previous ? { ...previous } : { health: HEALTHY, evidenceFromMs: Number.NEGATIVE_INFINITY };
  const window = signals.summarize(id, Math.max(now - config.window_ms, memory.evidenceFromMs), now);
  const recent = signals.summarize(id, Math.max(now - config.recent_window_ms, memory.evidenceFromMs), now);
  const raw = rawHealth(window, recent, config, input.breaker);
  const trailing = signals.trailing(id);

  if (memory.health.state === 'healthy') {
    if (raw.state !== 'healthy') memory.health = raw;
  } else {
    const { recover_after_successes: successesNeeded, recover_after_ms: cleanMs } = config.hysteresis;
    const successes = trailing?.consecutiveSuccesses ?? 0;
    const cleanStretch =
      trailing?.lastOkAt !== undefined &&
      (trailing.lastFailureAt === undefined || (trailing.lastOkAt > trailing.lastFailureAt && now - trailing.lastFailureAt >= cleanMs));
    // The whole window, not just since the last recovery: the error rate must really have dropped.
    const fullWindow = memory.evidenceFromMs > now - config.window_ms ? signals.summarize(id, now - config.window_ms, now) : window;
    const quietRate = successes >= successesNeeded && errorRate(fullWindow) < config.thresholds.degraded_error_rate / 2;
    if (input.breaker !== 'open' && (cleanStretch || quietRate)) {
      memory.health = HEALTHY;
      memory.evidenceFromMs = now;
    } else {
      // No evidence either way is not a recovery: keep the last health unless the window says otherwise.
      // Nor is a falling rate without a single answer since the last failure: that is the window
      // forgetting (old failures age out, an open breaker stops sending), not the target getting
      // better, and following it would flap the page each time the breaker half-opens.
      const answeredSinceFailure = successes > 0;
      let next = raw.state === 'healthy' || (!answeredSinceFailure && healthRank(raw) < healthRank(memory.health)) ? memory.health : raw;
      // Recovering: the recent window is clean and the last attempts succeeded, but the window still
      // holds the outage. Show it as degraded rather than jumping straight to operational.
      const recentClean = successes >= successesNeeded && countFailures(recent.classes, ['provider', 'target']) === 0;
      if (recentClean && next.state === 'ejected') next = { state: 'degraded' };
      memory.health = next;
    }
  }

  const hasEvidence = window.requests + window.skipped > 0;
  const health = withBreaker(memory.health, input.breaker);
  const classes = ownClasses(window.classes);
  let reason: string | undefined;
  if (health.state !== 'healthy') {
    reason = hasEvidence ? failureReason(window, classes, config, input.breaker) : memory.reason;
    if (hasEvidence) memory.reason = reason;
  } else {
    delete memory.reason;
  }

  const slow = assessSlowness(id, now, config, signals, memory);
  return { memory, health, ...(slow ? { slow } : {}), window, hasEvidence, classes, ...(reason !== undefined ? { reason } : {}) };
}

/** Plain words for a slow finding. */
export function slowReason(slow: SlowFinding): string {
  const ratio = slow.p50Ms / Math.max(1, slow.baselineP50Ms);
  return `answers are slow: ${KIND_WORDS[slow.kind]} p50 ${formatMs(slow.p50Ms)} against a usual ${formatMs(slow.baselineP50Ms)} (${ratio.toFixed(1)}×)`;
}

/**
 * Health from the failures in a window: nothing below the evidence threshold; the faster of the
 * two rates. While the breaker is open, requests it turned away for provider- or target-side
 * failures count as failed: otherwise the rate freezes at the few failures that opened the
 * breaker, diluted by the successes from before the outage, and a provider failing every request
 * would stay at partial_outage for as long as its breaker stays open.
 */
function rawHealth(window: SignalSummary, recent: SignalSummary, config: HealthConfig, breaker: BreakerStateName | undefined): InternalHealth {
  const failures = countFailures(window.classes, ['provider', 'target']);
  if (failures < config.hysteresis.open_after_failures) return HEALTHY;
  const turnedAway = (summary: SignalSummary) => (breaker === 'open' ? countFailures(summary.skippedClasses, ['provider', 'target']) : 0);
  const rate = errorRate(window, turnedAway(window));
  const recentTurnedAway = turnedAway(recent);
  const recentRate = testedRequests(recent) + recentTurnedAway >= config.thresholds.min_requests ? errorRate(recent, recentTurnedAway) : 0;
  return healthFromErrorRate(Math.max(rate, recentRate), config.thresholds);
}

/** Attempts that tested the target: a request refused for its key says nothing about the model. */
function testedRequests(summary: SignalSummary): number {
  return summary.requests - countFailures(summary.classes, ['key']);
}

/** Failed share of the requests that tested the target, `turnedAway` requests counting as failed. */
function errorRate(summary: SignalSummary, turnedAway = 0): number {
  const tested = testedRequests(summary) + turnedAway;
  return tested > 0 ? (countFailures(summary.classes, ['provider', 'target']) + turnedAway) / tested : 0;
}

function ownClasses(classes: Partial<Record<FailureClass, number>>): Partial<Record<FailureClass, number>> {
  return Object.fromEntries(
    Object.entries(classes).filter(([failureClass]) => ['provider', 'target'].includes(failureGroup(failureClass as FailureClass))),
  );
}

function failureReason(window: SignalSummary, classes: Partial<Record<FailureClass, number>>, config: HealthConfig, breaker: BreakerStateName | undefined): string {
  const failed = countFailures(classes, ['provider', 'target']);
  const tested = testedRequests(window);
  const parts: string[] = [];
  if (tested > 0) parts.push(`${failed} of ${tested} requests failed in the last ${formatSpan(config.window_ms)} (${describeClasses(classes) || 'no failures'})`);
  if (breaker === 'open') {
    const skippedFor = describeClasses(window.skippedClasses);
    parts.push(`circuit open${skippedFor ? ` after ${skippedFor.replace(/ ×\d+/g, '')}` : ''}: traffic goes to other targets`);
  }
  return parts.join('; ') || 'failing';
}

/**
 * Slow when a latency series' p50 is well above the component's own baseline (factor and
 * absolute increase, with enough samples). While slow, the baseline is read from before the
 * slowness began, so a long slow spell does not become the new normal; leaving takes a drop to
 * half the entry margin, so a p50 hovering at the threshold does not flap.
 */
function assessSlowness(id: ComponentId, now: number, config: HealthConfig, signals: SignalReader, memory: TargetMemory): SlowFinding | undefined {
  const thresholds = config.thresholds;
  const window = signals.summarize(id, now - config.window_ms, now);
  const baselineFrom = now - config.baseline_window_ms;
  let worst: SlowFinding | undefined;
  let judged = false;
  for (const kind of LATENCY_KINDS) {
    const current = window.latency[kind];
    if (!current || current.samples < (memory.slowSince === undefined ? thresholds.slow_min_samples : Math.ceil(thresholds.slow_min_samples / 2))) continue;
    const beforeSlow = memory.slowSince !== undefined ? signals.baseline(id, [kind], baselineFrom, Math.min(now - config.window_ms, memory.slowSince)) : undefined;
    const baseline =
      beforeSlow && beforeSlow.samples >= thresholds.baseline_min_samples ? beforeSlow : signals.baseline(id, [kind], baselineFrom, now - config.window_ms);
    if (!baseline || baseline.samples < thresholds.baseline_min_samples) continue;
    judged = true;
    const entering = memory.slowSince === undefined;
    const factor = entering ? thresholds.slow_factor : 1 + (thresholds.slow_factor - 1) / 2;
    const increaseMs = entering ? thresholds.slow_min_increase_ms : thresholds.slow_min_increase_ms / 2;
    if (current.p50Ms >= factor * baseline.p50Ms && current.p50Ms - baseline.p50Ms >= increaseMs) {
      const finding = { kind, p50Ms: current.p50Ms, baselineP50Ms: baseline.p50Ms };
      if (!worst || finding.p50Ms / finding.baselineP50Ms > worst.p50Ms / worst.baselineP50Ms) worst = finding;
    }
  }
  if (worst) {
    memory.slowSince ??= now;
    memory.slowFinding = worst;
    return worst;
  }
  if (judged) {
    delete memory.slowSince;
    delete memory.slowFinding;
  }
  // Without enough samples to judge, a slow target stays slow (stale) rather than being cleared.
  return memory.slowFinding;
}
