import type { FailureClass } from '../errors/index.js';
import { countFailures, failureGroup } from './failure-groups.js';
import type { HealthConfig } from './health-config.js';
import type { ComponentId, KeyHealth } from './health-types.js';
import type { SignalReader } from './passive-signals.js';

/** What the engine remembers about a key between evaluations. */
export interface KeyMemory {
  failing: boolean;
  /** Why it is failing: auth, rate_limited or quota. */
  reasonClass?: FailureClass;
  /** Buckets before this are ignored (set on recovery). */
  evidenceFromMs: number;
}

/** One key, judged (labels only). */
export interface KeyAssessment {
  label: string;
  memory: KeyMemory;
  failing: boolean;
  reasonClass?: FailureClass;
  cooling: boolean;
  /** Key-class failures in the window. */
  failures: number;
}

/** Cooldowns that settle the question at once: a rejected key or an exhausted quota does not heal by itself. */
const DECISIVE_COOLDOWNS: ReadonlySet<FailureClass> = new Set(['auth', 'quota']);

/**
 * Judges one key from key-class failures (auth, rate_limited, quota) and its pool state. A key
 * fails on a decisive cooldown or on `open_after_failures` key-class failures; it recovers when
 * it is no longer cooling and has answered since, or stayed clean for `recover_after_ms`.
 */
export function assessKey(input: {
  id: ComponentId;
  key: Omit<KeyHealth, 'provider'>;
  now: number;
  config: HealthConfig;
  signals: SignalReader;
  previous?: KeyMemory;
}): KeyAssessment {
  const { id, key, now, config, signals } = input;
  const memory: KeyMemory = input.previous ? { ...input.previous } : { failing: false, evidenceFromMs: Number.NEGATIVE_INFINITY };
  const window = signals.summarize(id, Math.max(now - config.window_ms, memory.evidenceFromMs), now);
  const failures = countFailures(window.classes, ['key']);
  const cooling = key.state === 'cooling';
  const coolingReason = cooling && key.reason && failureGroup(key.reason) === 'key' ? key.reason : undefined;
  const rawFailing = (coolingReason !== undefined && DECISIVE_COOLDOWNS.has(coolingReason)) || failures >= config.hysteresis.open_after_failures;
  const rawReason = coolingReason ?? dominantKeyClass(window.classes);

  if (!memory.failing) {
    if (rawFailing) {
      memory.failing = true;
      if (rawReason) memory.reasonClass = rawReason;
    }
  } else {
    const trailing = signals.trailing(id);
    const answeredSince = trailing?.lastOkAt !== undefined && (trailing.lastFailureAt === undefined || trailing.lastOkAt > trailing.lastFailureAt);
    const cleanLongEnough = trailing?.lastFailureAt === undefined || now - trailing.lastFailureAt >= config.hysteresis.recover_after_ms;
    if (!cooling && (answeredSince || cleanLongEnough) && !(coolingReason && DECISIVE_COOLDOWNS.has(coolingReason))) {
      memory.failing = false;
      delete memory.reasonClass;
      memory.evidenceFromMs = now;
    } else if (rawReason) {
      memory.reasonClass = rawReason;
    }
  }
  return {
    label: key.label,
    memory,
    failing: memory.failing,
    ...(memory.reasonClass ? { reasonClass: memory.reasonClass } : {}),
    cooling,
    failures,
  };
}

function dominantKeyClass(classes: Partial<Record<FailureClass, number>>): FailureClass | undefined {
  let best: [FailureClass, number] | undefined;
  for (const [failureClass, count] of Object.entries(classes) as Array<[FailureClass, number]>) {
    if (failureGroup(failureClass) === 'key' && (!best || count > best[1])) best = [failureClass, count];
  }
  return best?.[0];
}
