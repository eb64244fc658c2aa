import type { FailureClass } from '../errors/index.js';
import type { BreakerStateName } from '../resilience/circuit-breaker/breaker-state.js';
import { assessKey, type KeyAssessment, type KeyMemory } from './assess-key.js';
import { assessTarget, slowReason, type TargetAssessment, type TargetMemory } from './assess-target.js';
import { keyComponentId, providerComponentId, targetComponentId } from './component-id.js';
import { countFailures, describeClasses } from './failure-groups.js';
import { formatSpan, listWords } from './format-words.js';
import type { HealthConfig } from './health-config.js';
import {
  worstStatus,
  type ComponentId,
  type ComponentStatus,
  type ComponentVerdict,
  type HealthSnapshot,
  type KeyHealth,
  type OfficialPageLink,
  type OfficialStatus,
  type VerdictScope,
} from './health-types.js';
import { measure } from './measure.js';
import type { SignalReader, SignalSummary } from './passive-signals.js';
import { HEALTHY, healthRank, toComponentStatus, worseHealth, type InternalHealth } from './to-component-status.js';

/** One target to judge, with its circuit breaker's state. */
export interface TargetInput {
  /** The model, or `*` for the client-named models without a component of their own. */
  model: string;
  breaker?: BreakerStateName;
  /**
   * A client-named model judged on its own but not published (`health.dynamic_targets.publish`
   * off): it counts toward its provider's verdict, whose words never name it.
   */
  unpublished?: true;
}

/** One provider to judge: its targets, its keys (labels and pool state) and the official page. */
export interface ProviderInput {
  name: string;
  targets: readonly TargetInput[];
  keys: ReadonlyArray<Omit<KeyHealth, 'provider'>>;
  official?: OfficialStatus;
  /** The official status page people can read (a cloud's, not polled). */
  officialPage?: OfficialPageLink;
  /** The provider needs a key and has none: every request skips it, whatever traffic says. */
  missingKey?: boolean;
}

/** Everything one evaluation reads. Time comes in as `now`: the engine has no clock of its own. */
export interface VerdictInput {
  now: number;
  config: HealthConfig;
  signals: SignalReader;
  providers: readonly ProviderInput[];
}

/** A published component's status, scope and since, plus the last reason written with evidence. */
export interface PublishedMemory {
  status: ComponentStatus;
  scope: VerdictScope;
  since: number;
  reason: string;
  /** Since when a major outage has measured only as partial (de-escalation hold). */
  partialSince?: number;
}

/** What the engine carries from one evaluation to the next (hysteresis, since, own-network latch). */
export interface VerdictMemory {
  targets: ReadonlyMap<ComponentId, TargetMemory>;
  keys: ReadonlyMap<ComponentId, KeyMemory>;
  published: ReadonlyMap<ComponentId, PublishedMemory>;
  ownNetwork: boolean;
}

/** The memory before the first evaluation. */
export const INITIAL_VERDICT_MEMORY: VerdictMemory = { targets: new Map(), keys: new Map(), published: new Map(), ownNetwork: false };

/** One evaluation's result: the snapshot to publish, the keys for admins, and the memory for next time. */
export interface VerdictResult {
  snapshot: HealthSnapshot;
  keys: KeyHealth[];
  /** Verdicts of the `unpublished` targets, for admins only. */
  unpublished: ComponentVerdict[];
  memory: VerdictMemory;
}

interface Candidate {
  health: InternalHealth;
  scope: VerdictScope;
  reason: string;
}

interface ProviderFacts {
  input: ProviderInput;
  id: ComponentId;
  window: SignalSummary;
  recent: SignalSummary;
  targets: Array<{ input: TargetInput; id: ComponentId; assessment: TargetAssessment }>;
  keys: KeyAssessment[];
}

const KEY_WORDS: Partial<Record<FailureClass, string>> = {
  auth: 'is rejected by the provider (auth)',
  rate_limited: 'is rate-limited',
  quota: 'is out of quota',
};

const OWN_NETWORK_REASON =
  "every provider is unreachable from Lifeline at once: the problem is likely on Lifeline's side of the wire (network, DNS, proxy or firewall)";

/**
 * Lifeline's verdict on every provider and target, from passive signals, probes (already in the
 * signals), breaker and key states, and the official status page. Pure: same input and memory,
 * same result. Scopes, most specific cause first: own_network (every provider failing locally),
 * global (several targets, or all that were used), target (one model while others answer), key
 * (key-class failures on some keys), slow (latency over its own baseline), official (only the
 * provider's page reports trouble; our measurement wins), none.
 */
export function evaluateHealth(input: VerdictInput, memory: VerdictMemory = INITIAL_VERDICT_MEMORY): VerdictResult {
  const { now, config, signals } = input;
  const targetMemory = new Map<ComponentId, TargetMemory>();
  const keyMemory = new Map<ComponentId, KeyMemory>();
  const published = new Map<ComponentId, PublishedMemory>();

  const facts: ProviderFacts[] = input.providers.map((provider) => {
    const id = providerComponentId(provider.name);
    const targets = provider.targets.map((target) => {
      const targetId = targetComponentId(provider.name, target.model);
      const previous = memory.targets.get(targetId);
      const assessment = assessTarget({ id: targetId, now, config, signals, ...(target.breaker ? { breaker: target.breaker } : {}), ...(previous ? { previous } : {}) });
      targetMemory.set(targetId, assessment.memory);
      return { input: target, id: targetId, assessment };
    });
    const keys = provider.keys.map((key) => {
      const keyId = keyComponentId(provider.name, key.label);
      const previous = memory.keys.get(keyId);
      const assessment = assessKey({ id: keyId, key, now, config, signals, ...(previous ? { previous } : {}) });
      keyMemory.set(keyId, assessment.memory);
      return assessment;
    });
    return {
      input: provider,
      id,
      window: signals.summarize(id, now - config.window_ms, now),
      recent: signals.summarize(id, now - config.recent_window_ms, now),
      targets,
      keys,
    };
  });

  const ownNetwork = detectOwnNetwork(facts, config, memory.ownNetwork);
  const components: ComponentVerdict[] = [];
  const targetVerdicts: ComponentVerdict[] = [];
  const unpublished: ComponentVerdict[] = [];
  for (const provider of facts) {
    const chosen = providerVerdict(provider, ownNetwork, input);
    const verdict = publish(provider.id, chosen, provider.window.requests + provider.window.skipped > 0, input, memory, published);
    components.push({
      ...verdict,
      kind: 'provider',
      name: provider.input.name,
      measured: measure(provider.window, config.window_ms, signals.baseline(provider.id, ['generate', 'stream'], now - config.baseline_window_ms, now - config.window_ms)),
      ...(provider.input.official ? { official: provider.input.official } : {}),
      ...(provider.input.officialPage ? { officialPage: provider.input.officialPage } : {}),
    });
    for (const target of provider.targets) {
      const chosenForTarget = provider.input.missingKey
        ? { health: MISSING_KEY_HEALTH, scope: 'key' as const, reason: `no API key is configured for ${provider.input.name}: requests skip this model` }
        : targetCandidate(target.assessment, chosen.scope, ownNetwork);
      const targetVerdict = publish(target.id, chosenForTarget, target.assessment.hasEvidence, input, memory, published);
      (target.input.unpublished ? unpublished : targetVerdicts).push({
        ...targetVerdict,
        kind: 'target',
        name: `${provider.input.name}/${target.input.model}`,
        parentId: provider.id,
        measured: measure(
          signals.summarize(target.id, now - config.window_ms, now),
          config.window_ms,
          signals.baseline(target.id, ['generate', 'stream'], now - config.baseline_window_ms, now - config.window_ms),
        ),
      });
    }
  }
  components.push(...targetVerdicts);

  const overall = worstStatus(components.filter((component) => component.kind === 'provider').map((component) => component.status));
  const keys: KeyHealth[] = facts.flatMap((provider) =>
    provider.input.keys.map((key, index) => {
      const assessment = provider.keys[index]!;
      const lastOkAt = signals.trailing(keyComponentId(provider.input.name, key.label))?.lastOkAt;
      return {
        provider: provider.input.name,
        ...key,
        failing: assessment.failing,
        ...(assessment.reasonClass ? { failingClass: assessment.reasonClass } : {}),
        ...(lastOkAt !== undefined ? { lastOkAt } : {}),
      };
    }),
  );
  return {
    snapshot: { at: now, overall, components },
    keys,
    unpublished,
    memory: { targets: targetMemory, keys: keyMemory, published, ownNetwork },
  };
}

/**
 * Own network: at least two providers have evidence, and every one of them fails with
 * local-origin network or timeout failures at a partial-outage rate. Once latched it holds while
 * every provider with evidence still has a failing target and none answered recently.
 */
function detectOwnNetwork(facts: ProviderFacts[], config: HealthConfig, wasOwnNetwork: boolean): boolean {
  const withEvidence = facts.filter((provider) => provider.window.requests > 0);
  if (facts.length < 2 || withEvidence.length < 2) return false;
  const failingLocally = (provider: ProviderFacts): boolean => {
    if (provider.window.localNetworkFailures < config.hysteresis.open_after_failures) return false;
    const rate = provider.window.localNetworkFailures / provider.window.requests;
    const recentRate = provider.recent.requests >= config.thresholds.min_requests ? provider.recent.localNetworkFailures / provider.recent.requests : 0;
    return Math.max(rate, recentRate) >= config.thresholds.partial_error_rate;
  };
  const hasFailingTarget = (provider: ProviderFacts) => provider.targets.some((target) => target.assessment.health.state !== 'healthy');
  if (withEvidence.every((provider) => failingLocally(provider) && hasFailingTarget(provider))) return true;
  return wasOwnNetwork && withEvidence.every((provider) => hasFailingTarget(provider) && provider.recent.answered === 0);
}

/** A provider without a key serves nothing: as unusable as one whose every key is rejected. */
const MISSING_KEY_HEALTH: InternalHealth = { state: 'ejected', extent: 'total' };

function providerVerdict(provider: ProviderFacts, ownNetwork: boolean, input: VerdictInput): Candidate {
  const { config } = input;
  const name = provider.input.name;
  if (provider.input.missingKey) {
    // Configuration, not measurement: traffic and probes cannot reach it, so they cannot clear it.
    return { health: MISSING_KEY_HEALTH, scope: 'key', reason: `no API key is configured for ${name}: every request skips it (add a key to its \`keys\` and restart)` };
  }
  const failing = provider.targets.filter((target) => target.assessment.health.state !== 'healthy');
  const healthyInUse = provider.targets.filter((target) => target.assessment.health.state === 'healthy' && target.assessment.window.answered > 0);
  const worstFailing = failing.reduce<InternalHealth>((worst, target) => worseHealth(worst, target.assessment.health), HEALTHY);
  const candidates: Candidate[] = [];
  const window = `in the last ${formatSpan(config.window_ms)}`;

  if (ownNetwork && provider.window.requests > 0 && failing.length > 0) {
    const local = Object.fromEntries(Object.entries(provider.window.classes).filter(([failureClass]) => failureClass === 'network' || failureClass === 'timeout'));
    candidates.push({ health: worstFailing, scope: 'own_network', reason: `${OWN_NETWORK_REASON} (${describeClasses(local)} ${window})` });
  }
  if (failing.length >= 2 || (failing.length === 1 && healthyInUse.length === 0)) {
    // Some models still answering caps the provider at a partial outage.
    const health = healthyInUse.length > 0 && healthRank(worstFailing) > healthRank({ state: 'ejected', extent: 'partial' }) ? { state: 'ejected' as const, extent: 'partial' as const } : worstFailing;
    const providerSide = countFailures(provider.window.classes, ['provider', 'target']);
    // `provider/*` is a model only while client-named models without a component of their own are in use.
    const judged = provider.targets.filter((target) => target.input.model !== '*' || target.assessment.hasEvidence || failing.includes(target));
    const keysHit = provider.keys.filter((key) => countFailures(input.signals.summarize(keyComponentId(name, key.label), input.now - config.window_ms, input.now).classes, ['provider']) > 0).length;
    const spread = [
      judged.length > 1 ? `${failing.length} of ${judged.length} models failing` : `${targetWords(failing[0]!.input).subject} failing`,
      ...(keysHit > 1 ? [`on ${keysHit} keys`] : []),
    ].join(' ');
    // Requests an open circuit turned away are part of the picture: "5 of 600 failed" alone reads like a blip.
    const turnedAway = countFailures(provider.window.skippedClasses, ['provider', 'target']);
    const turnedAwayWords = turnedAway > 0 ? `; ${turnedAway} more turned away by an open circuit` : '';
    const counts =
      provider.window.requests > 0
        ? `: ${providerSide} of ${provider.window.requests} requests failed ${window} (${describeClasses(provider.window.classes)})${turnedAwayWords}`
        : `: ${failing[0]!.assessment.reason ?? 'failing'}`;
    candidates.push({ health, scope: 'global', reason: `${name} is failing for every key and model we use (${spread})${counts}` });
  } else if (failing.length === 1) {
    const target = failing[0]!;
    const words = targetWords(target.input);
    candidates.push({
      health: { state: 'degraded' },
      scope: 'target',
      reason: `${words.subject} ${words.is} failing (${target.assessment.reason ?? 'failing'}); other models answer normally`,
    });
  }

  // Every key cooling (rate limits included) makes the provider unusable for us, once enough
  // requests failed or were turned away for it: one 429 on a single key is not an outage.
  const keyEvidence = countFailures(provider.window.classes, ['key']) + countFailures(provider.window.skippedClasses, ['key']);
  const everyKeyCooling = provider.keys.length > 0 && provider.keys.every((key) => key.cooling) && keyEvidence >= config.hysteresis.open_after_failures;
  const failingKeys = everyKeyCooling ? provider.keys : provider.keys.filter((key) => key.failing);
  if (failingKeys.length > 0) {
    const coolingReasons = new Map(provider.input.keys.map((key) => [key.label, key.reason]));
    const described = failingKeys.map((key) => `${key.label} ${KEY_WORDS[key.reasonClass ?? coolingReasons.get(key.label) ?? 'rate_limited'] ?? 'is failing'}`);
    if (failingKeys.length === provider.keys.length) {
      const answered = provider.recent.answered > 0 || provider.window.answered > 0;
      candidates.push({
        health: { state: 'ejected', extent: answered ? 'partial' : 'total' },
        scope: 'key',
        reason: `every key of ${name} is unusable: ${listWords(described)}; the provider itself may be fine`,
      });
    } else {
      // Traffic moves to the remaining keys; only a halved (or worse) key pool shows as degraded.
      candidates.push({
        health: failingKeys.length * 2 >= provider.keys.length ? { state: 'degraded' } : HEALTHY,
        scope: 'key',
        reason: `${listWords(described)}; other keys work`,
      });
    }
  }

  const slow = provider.targets.filter((target) => target.assessment.slow);
  if (slow.length > 0) {
    candidates.push({
      health: { state: 'degraded' },
      scope: 'slow',
      reason: slow.map((target) => `${targetWords(target.input).subject}: ${slowReason(target.assessment.slow!)}`).join('; '),
    });
  }

  const official = provider.input.official;
  const officialTrouble = official && official.status !== 'operational' && official.status !== 'unknown';
  if (officialTrouble) {
    candidates.push({ health: HEALTHY, scope: 'official', reason: `${officialWords(official)}; Lifeline's own traffic to ${name} looks fine` });
  }

  const chosen = candidates.reduce<Candidate | undefined>((best, candidate) => (!best || healthRank(candidate.health) > healthRank(best.health) ? candidate : best), undefined);
  if (!chosen) {
    const answered = provider.window.answered > 0;
    return { health: HEALTHY, scope: 'none', reason: answered ? 'all requests answered normally' : input.signals.trailing(provider.id) ? 'no recent failures' : 'no traffic or probes yet' };
  }
  if (officialTrouble && chosen.scope !== 'official') return { ...chosen, reason: `${chosen.reason}; ${officialWords(official)}` };
  return chosen;
}

/**
 * How a provider's reason names one of its targets: client-named models are never named unless
 * published (client text must not reach the public page).
 */
function targetWords(target: TargetInput): { subject: string; is: 'is' | 'are' } {
  if (target.model === '*') return { subject: 'client-named models', is: 'are' };
  return { subject: target.unpublished ? 'a client-named model' : target.model, is: 'is' };
}

function targetCandidate(assessment: TargetAssessment, providerScope: VerdictScope, ownNetwork: boolean): Candidate {
  if (assessment.health.state !== 'healthy') {
    const scope: VerdictScope = ownNetwork && providerScope === 'own_network' ? 'own_network' : providerScope === 'global' ? 'global' : 'target';
    return { health: assessment.health, scope, reason: assessment.reason ?? 'failing' };
  }
  if (assessment.slow) return { health: { state: 'degraded' }, scope: 'slow', reason: slowReason(assessment.slow) };
  return { health: HEALTHY, scope: 'none', reason: assessment.window.answered > 0 ? 'answering normally' : assessment.hasEvidence ? 'no recent failures' : 'no traffic or probes recently' };
}

function officialWords(official: OfficialStatus): string {
  const incidents = official.incidents?.length ? ` (${official.incidents.join('; ')})` : '';
  return `the official status page reports ${official.description ?? official.status.replace(/_/g, ' ')}${incidents}`;
}

/**
 * Turns a candidate into the published status, scope, reason and since. Without evidence in the
 * window a failing component keeps its last reason, and after `stale_after_ms` without any
 * traffic or probe the reason says the verdict is stale.
 */
function publish(
  id: ComponentId,
  candidate: Candidate,
  hasEvidence: boolean,
  input: VerdictInput,
  memory: VerdictMemory,
  published: Map<ComponentId, PublishedMemory>,
): Omit<ComponentVerdict, 'kind' | 'name' | 'measured'> {
  const { now, config, signals } = input;
  const previous = memory.published.get(id);
  const measured = toComponentStatus(candidate.health);
  // Escalate at once; step down from major to partial only once partial has held for a while.
  const partialSince = previous?.status === 'major_outage' && measured === 'partial_outage' ? (previous.partialSince ?? now) : undefined;
  const holding = partialSince !== undefined && now - partialSince < config.hysteresis.deescalate_after_ms;
  const status = holding ? previous!.status : measured;
  const since = previous && previous.status === status ? previous.since : now;
  let reason =
    holding || (!hasEvidence && previous && previous.status === status && status !== 'operational' && candidate.scope === previous.scope)
      ? previous!.reason
      : candidate.reason;
  const scope = holding ? previous!.scope : candidate.scope;
  published.set(id, { status, scope, since, reason, ...(holding ? { partialSince } : {}) });
  const trailing = signals.trailing(id);
  if (trailing?.lastEventAt !== undefined && now - trailing.lastEventAt >= config.stale_after_ms) {
    reason = `${reason} (stale: no traffic or probes for ${formatSpan(now - trailing.lastEventAt)})`;
  }
  return {
    id,
    status,
    scope,
    reason,
    since,
    ...(trailing?.lastOkAt !== undefined ? { lastOkAt: trailing.lastOkAt } : {}),
  };
}
