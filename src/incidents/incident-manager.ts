import type { Logger } from 'pino';
import { ConflictError, InvalidRequestError, NotFoundError } from '../errors/index.js';
import type { ComponentId, ComponentStatus, ComponentVerdict, HealthSnapshot } from '../health/health-types.js';
import type { WebhookEvent } from '../notifications/notifications-config.js';
import type { Notifier } from '../notifications/notifier.js';
import { systemClock, type Clock } from '../core/clock.js';
import { TypedEmitter, type TypedEvent } from '../core/typed-event.js';
import { isClosedStatus } from '../store/incident-change.js';
import type { Incident, IncidentImpact, IncidentStatus, LifelineStore } from '../store/store.js';
import type { IncidentsConfig } from './incidents-config.js';
import { changedBody, monitoringBody, openedBody, resolvedBody, type StatusChange } from './incident-text.js';
import { incidentTitle } from './incident-title.js';
import { resolvedByAdmin, statusForImpact, statusWhileAffected, worstByComponent } from './incident-history.js';
import { IMPACT_SEVERITY, impactForStatus, providerIdOf, worseImpact } from './incident-wording.js';
import { RecoveryEvidence } from './recovery-evidence.js';
import { worstStatus } from '../health/health-types.js';

/** What the manager reads from the health monitor (declared here so neither waits on the other). */
export interface HealthSource {
  snapshot(): HealthSnapshot;
  onChange: TypedEvent<HealthSnapshot>;
}

/** Emitted after every stored change, automatic or by an admin. */
export interface IncidentEvent {
  kind: 'opened' | 'updated' | 'resolved';
  incident: Incident;
}

/** An incident opened by a person through the admin API. */
export interface HumanIncidentInput {
  title: string;
  body: string;
  status?: Exclude<IncidentStatus, 'postmortem'>;
  /** Default: from the named components' current statuses, else `minor`. */
  impact?: IncidentImpact;
  componentIds?: ComponentId[];
}

/** A person's timeline entry. */
export interface HumanUpdateInput {
  status: Exclude<IncidentStatus, 'postmortem'>;
  body: string;
}

export interface IncidentManagerOptions {
  store: LifelineStore;
  /** Without one, only admins write incidents. */
  health?: HealthSource;
  config: IncidentsConfig;
  notifier?: Notifier;
  clock?: Clock;
  logger?: Pick<Logger, 'warn' | 'info'>;
}

export interface IncidentManager {
  /** Loads unresolved automatic incidents from the store and starts following health changes. */
  start(): Promise<void>;
  /** Stops following health changes; pending work finishes. */
  stop(): void;
  /** Runs one evaluation against `snapshot` (the timer and `onChange` call this too). */
  evaluate(snapshot: HealthSnapshot): Promise<void>;
  onIncident: TypedEvent<IncidentEvent>;
  open(input: HumanIncidentInput): Promise<Incident>;
  /** Adds a person's update; throws NotFoundError for an unknown id. */
  addUpdate(id: string, input: HumanUpdateInput): Promise<Incident>;
  /** Publishes (or replaces) the postmortem of a resolved incident. */
  setPostmortem(id: string, body: string): Promise<Incident>;
  get(id: string): Promise<Incident | undefined>;
  list(options?: { limit?: number; since?: number; unresolved?: boolean }): Promise<Incident[]>;
  /** Resolves once every queued evaluation and admin change has been stored. */
  idle(): Promise<void>;
}

/** An automatic incident the manager is still following. */
interface TrackedIncident {
  incident: Incident;
  /** `provider:<name>`, or `own_network` when every provider was unreachable. */
  group: string;
  /** Statuses as last written to the timeline. */
  statuses: Map<ComponentId, ComponentStatus>;
  /** Since when every component has been operational (undefined while something is not). */
  recoveringSince: number | undefined;
  /** Set for an incident resumed after a restart, until each component has proven its recovery. */
  evidence?: RecoveryEvidence;
}

const EVENT_FOR_KIND: Record<IncidentEvent['kind'], WebhookEvent> = {
  opened: 'incident.opened',
  updated: 'incident.updated',
  resolved: 'incident.resolved',
};
const OWN_NETWORK_GROUP = 'own_network';
/**
 * How often a resumed incident looks for proof of recovery: a success changes no status, so
 * health reports no change for it.
 */
const EVIDENCE_POLL_MS = 1_000;

/**
 * Opens, updates and resolves incidents from health verdicts, one incident per provider outage:
 * - opens when a component stays out of `operational` longer than `open_after_ms`, grouping every
 *   affected component of that provider; later components of the provider join as an update;
 * - writes an automatic update, quoting the measurements, whenever a component's status changes;
 * - goes `monitoring` when everything is operational and resolves after `resolve_after_ms` of it;
 *   an incident resumed after a restart first waits for every component to answer again.
 * Admins' words are never overwritten: their status (e.g. `identified`) is kept by later automatic
 * updates, and an incident they resolved stays resolved (its components must recover before a
 * new incident can open for them).
 * @example
 * const incidents = createIncidentManager({ store, health, config: incidentsConfigSchema.parse(yaml.incidents), notifier });
 * await incidents.start();
 */
export function createIncidentManager(options: IncidentManagerOptions): IncidentManager {
  const { store, health, config, notifier, logger } = options;
  const clock = options.clock ?? systemClock;
  const emitter = new TypedEmitter<IncidentEvent>();
  const tracked = new Map<string, TrackedIncident>();
  /** When each non-operational component was first seen so (for the debounce). */
  const badSince = new Map<ComponentId, number>();
  /** Components of incidents an admin resolved: ignored until they are operational again. */
  const suppressed = new Set<ComponentId>();
  let chain: Promise<unknown> = Promise.resolve();
  let started = false;
  let evaluationQueued = false;
  let timer: NodeJS.Timeout | undefined;
  let subscription: { dispose(): void } | undefined;

  /** Serialises every store write so automatic and admin changes never interleave. */
  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = chain.then(task);
    chain = result.catch(() => undefined);
    return result;
  }

  function publish(kind: IncidentEvent['kind'], incident: Incident): void {
    emitter.emit({ kind, incident });
    if (!notifier) return;
    notifier.notify(EVENT_FOR_KIND[kind], incident).catch((error: unknown) => {
      logger?.warn({ err: error, incidentId: incident.id }, 'could not queue incident notification');
    });
  }

  /** Coalesces bursts of health changes into one evaluation of the freshest snapshot. */
  function requestEvaluation(): void {
    if (!health || !started || evaluationQueued) return;
    evaluationQueued = true;
    enqueue(async () => {
      evaluationQueued = false;
      if (started) await evaluateNow(health.snapshot());
    }).catch((error: unknown) => logger?.warn({ err: error }, 'incident evaluation failed'));
  }

  async function evaluateNow(measured: HealthSnapshot): Promise<void> {
    if (!config.enabled) return;
    const now = clock.now();
    const snapshot = config.official_only ? measured : withoutOfficialOnly(measured);
    const verdicts = new Map(snapshot.components.map((verdict) => [verdict.id, verdict]));
    trackBadSince(snapshot, verdicts, now);

    const claimed = new Set<ComponentId>();
    for (const entry of tracked.values()) for (const id of entry.statuses.keys()) claimed.add(id);
    const candidates = new Map<string, ComponentVerdict[]>();
    for (const verdict of snapshot.components) {
      if (verdict.status === 'operational' || suppressed.has(verdict.id) || claimed.has(verdict.id)) continue;
      const group = groupOf(verdict);
      candidates.set(group, [...(candidates.get(group) ?? []), verdict]);
    }

    for (const entry of [...tracked.values()]) {
      const joining = candidates.get(entry.group) ?? [];
      candidates.delete(entry.group);
      await advance(entry, verdicts, joining, now);
    }
    for (const [group, members] of candidates) {
      const due = members.some((verdict) => now - (badSince.get(verdict.id) ?? now) >= config.open_after_ms);
      if (due) await openAutomatic(group, members, now);
    }
    scheduleNext(now);
  }

  function trackBadSince(snapshot: HealthSnapshot, verdicts: Map<ComponentId, ComponentVerdict>, now: number): void {
    for (const verdict of snapshot.components) {
      if (verdict.status === 'operational') {
        badSince.delete(verdict.id);
        suppressed.delete(verdict.id);
      } else if (!badSince.has(verdict.id)) {
        // The verdict's own `since` counts: after a restart the debounce is not started over.
        badSince.set(verdict.id, Number.isFinite(verdict.since) ? Math.min(now, verdict.since) : now);
      }
    }
    for (const id of [...badSince.keys()]) if (!verdicts.has(id)) badSince.delete(id);
    for (const id of [...suppressed]) if (!verdicts.has(id)) suppressed.delete(id);
  }

  async function openAutomatic(group: string, members: ComponentVerdict[], now: number): Promise<void> {
    const firstSeenAt = Math.min(...members.map((verdict) => badSince.get(verdict.id) ?? now));
    const openKey = automaticOpenKey(group);
    let incident: Incident;
    try {
      incident = await store.incidents.create({
        title: incidentTitle(members),
        status: 'investigating',
        impact: impactForStatus(worstStatus(members.map((verdict) => verdict.status))),
        componentIds: members.map((verdict) => verdict.id),
        automatic: true,
        body: openedBody(members, firstSeenAt, config.open_after_ms),
        affectedComponents: members.map((verdict) => ({ id: verdict.id, status: verdict.status })),
        at: now,
        openKey,
      });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // Another instance of the fleet opened it first: follow that one (no second notification).
      const existing = await store.incidents.findOpen(openKey);
      if (existing) {
        tracked.set(existing.id, { incident: existing, group, statuses: lastStatuses(existing), recoveringSince: undefined });
        logger?.info({ incidentId: existing.id }, 'incident already opened by another instance; following it');
      }
      return;
    }
    tracked.set(incident.id, {
      incident,
      group,
      statuses: new Map(members.map((verdict) => [verdict.id, verdict.status])),
      recoveringSince: undefined,
    });
    logger?.info({ incidentId: incident.id, title: incident.title }, 'incident opened');
    publish('opened', incident);
  }

  async function advance(entry: TrackedIncident, verdicts: Map<ComponentId, ComponentVerdict>, joining: ComponentVerdict[], now: number): Promise<void> {
    if (entry.evidence?.observe(verdicts, now)) delete entry.evidence;
    const next = new Map<ComponentId, ComponentStatus>();
    for (const id of entry.statuses.keys()) {
      // A component missing from the snapshot (removed from the configuration) counts as recovered;
      // one operational only for want of evidence (after a restart) keeps its last written status.
      const status = verdicts.get(id)?.status ?? 'operational';
      next.set(id, status === 'operational' && entry.evidence?.awaits(id) ? entry.statuses.get(id)! : status);
    }
    for (const verdict of joining) next.set(verdict.id, verdict.status);
    const changes: StatusChange[] = [];
    for (const [id, status] of next) {
      const from = entry.statuses.get(id);
      if (from !== status) changes.push({ id, from, to: status });
    }
    const affected = [...next.keys()].map((id) => verdicts.get(id)).filter((verdict): verdict is ComponentVerdict => verdict !== undefined);

    if ([...next.values()].some((status) => status !== 'operational')) {
      entry.recoveringSince = undefined;
      if (changes.length === 0) return;
      const stillAffected = affected.filter((verdict) => verdict.status !== 'operational');
      const impact = worseImpact(entry.incident.impact, impactForStatus(worstStatus(next.values())));
      const escalated = IMPACT_SEVERITY[impact] > IMPACT_SEVERITY[entry.incident.impact];
      await writeAutomatic(entry, next, {
        status: statusWhileAffected(entry.incident),
        body: changedBody(changes, stillAffected),
        impact,
        ...(escalated ? { title: incidentTitle(stillAffected) } : {}),
      }, now);
      return;
    }

    // Recovered before the restart by its last update, but nothing proves it still is.
    if (entry.evidence) return;
    if (entry.recoveringSince === undefined) {
      entry.recoveringSince = now;
      if (changes.length > 0 || entry.incident.status !== 'monitoring') {
        await writeAutomatic(entry, next, { status: 'monitoring', body: monitoringBody([...next.keys()], affected, config.resolve_after_ms) }, now);
      }
    }
    if (now - entry.recoveringSince >= config.resolve_after_ms) await resolveAutomatic(entry, affected, now);
  }

  async function writeAutomatic(
    entry: TrackedIncident,
    statuses: Map<ComponentId, ComponentStatus>,
    change: { status: IncidentStatus; body: string; impact?: IncidentImpact; title?: string },
    now: number,
  ): Promise<void> {
    if (await closedElsewhere(entry)) return;
    entry.incident = await store.incidents.update(entry.incident.id, {
      ...change,
      automatic: true,
      componentIds: [...statuses.keys()],
      affectedComponents: [...statuses].map(([id, status]) => ({ id, status })),
      at: now,
    });
    entry.statuses = statuses;
    publish('updated', entry.incident);
  }

  /**
   * True (and the incident no longer followed) when it was closed by someone else: another
   * instance of the fleet that saw the recovery first, or an admin through another instance.
   */
  async function closedElsewhere(entry: TrackedIncident): Promise<boolean> {
    const current = await store.incidents.get(entry.incident.id);
    if (current === undefined || !isClosedStatus(current.status)) return false;
    tracked.delete(entry.incident.id);
    if (resolvedByAdmin(current)) for (const componentId of entry.statuses.keys()) suppressed.add(componentId);
    return true;
  }

  async function resolveAutomatic(entry: TrackedIncident, verdicts: ComponentVerdict[], now: number): Promise<void> {
    if (await closedElsewhere(entry)) return;
    const recoveredAt = entry.recoveringSince ?? now;
    const statuses = new Map([...entry.statuses.keys()].map((id): [ComponentId, ComponentStatus] => [id, 'operational']));
    entry.incident = await store.incidents.update(entry.incident.id, {
      status: 'resolved',
      body: resolvedBody({ createdAt: entry.incident.createdAt, recoveredAt, now, worstByComponent: worstByComponent(entry.incident), verdicts }),
      automatic: true,
      affectedComponents: [...statuses].map(([id, status]) => ({ id, status })),
      at: now,
    });
    tracked.delete(entry.incident.id);
    logger?.info({ incidentId: entry.incident.id }, 'incident resolved');
    publish('resolved', entry.incident);
  }

  function scheduleNext(now: number): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!started || !health) return;
    let dueAt = Number.POSITIVE_INFINITY;
    const claimed = new Set<ComponentId>();
    for (const entry of tracked.values()) {
      for (const id of entry.statuses.keys()) claimed.add(id);
      if (entry.recoveringSince !== undefined) dueAt = Math.min(dueAt, entry.recoveringSince + config.resolve_after_ms);
      if (entry.evidence) dueAt = Math.min(dueAt, now + EVIDENCE_POLL_MS);
    }
    for (const [id, since] of badSince) {
      if (!claimed.has(id) && !suppressed.has(id)) dueAt = Math.min(dueAt, since + config.open_after_ms);
    }
    if (!Number.isFinite(dueAt)) return;
    // Health only reports changes; a debounce or recovery stretch ends without one, hence the timer.
    timer = setTimeout(requestEvaluation, Math.max(0, dueAt - now) + 1);
    timer.unref();
  }

  /**
   * Follows an automatic incident loaded from the store (after a restart). What this process has
   * measured so far is no evidence either way: the incident stays where it was (monitoring
   * included) until every component has answered since `startedAt`, and its recovery stretch
   * starts over from there.
   */
  function track(incident: Incident, startedAt: number): void {
    const statuses = lastStatuses(incident);
    const providers = new Set([...statuses.keys()].map(providerIdOf));
    tracked.set(incident.id, {
      incident,
      group: providers.size === 1 ? [...providers][0]! : OWN_NETWORK_GROUP,
      statuses,
      recoveringSince: undefined,
      evidence: new RecoveryEvidence(statuses.keys(), startedAt),
    });
  }

  function currentStatuses(componentIds: readonly ComponentId[]): Array<{ id: ComponentId; status: ComponentStatus }> | undefined {
    if (!health || componentIds.length === 0) return undefined;
    const verdicts = new Map(health.snapshot().components.map((verdict) => [verdict.id, verdict.status]));
    return componentIds.map((id) => ({ id, status: verdicts.get(id) ?? 'operational' }));
  }

  async function requireIncident(id: string): Promise<Incident> {
    const incident = await store.incidents.get(id);
    if (!incident) throw new NotFoundError(`No incident with id "${id}".`);
    return incident;
  }

  return {
    async start() {
      if (started) return;
      started = true;
      const startedAt = clock.now();
      await enqueue(async () => {
        for (const incident of await store.incidents.listUnresolved()) {
          if (incident.automatic && !resolvedByAdmin(incident)) track(incident, startedAt);
        }
      });
      if (health && config.enabled) {
        subscription = health.onChange(() => requestEvaluation());
        requestEvaluation();
      }
    },
    stop() {
      started = false;
      subscription?.dispose();
      subscription = undefined;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
    evaluate: (snapshot) => enqueue(() => evaluateNow(snapshot)),
    onIncident: emitter.event,
    open: (input) =>
      enqueue(async () => {
        const affectedComponents = currentStatuses(input.componentIds ?? []);
        const measuredImpact = affectedComponents ? impactForStatus(worstStatus(affectedComponents.map((component) => component.status))) : 'none';
        const incident = await store.incidents.create({
          title: input.title,
          status: input.status ?? 'investigating',
          impact: input.impact ?? (measuredImpact === 'none' ? 'minor' : measuredImpact),
          componentIds: input.componentIds ?? [],
          automatic: false,
          body: input.body,
          ...(affectedComponents ? { affectedComponents } : {}),
          at: clock.now(),
        });
        publish(incident.status === 'resolved' ? 'resolved' : 'opened', incident);
        return incident;
      }),
    addUpdate: (id, input) =>
      enqueue(async () => {
        const existing = await requireIncident(id);
        const affectedComponents = currentStatuses(existing.componentIds);
        const incident = await store.incidents.update(id, {
          status: input.status,
          body: input.body,
          automatic: false,
          ...(affectedComponents ? { affectedComponents } : {}),
          at: clock.now(),
        });
        const entry = tracked.get(id);
        if (entry && isClosedStatus(incident.status)) {
          tracked.delete(id);
          // Resolved by a person: it stays resolved; the same components open a new incident
          // only after they have been operational again.
          for (const componentId of entry.statuses.keys()) suppressed.add(componentId);
        } else if (entry) {
          entry.incident = incident;
        }
        publish(input.status === 'resolved' && !isClosedStatus(existing.status) ? 'resolved' : 'updated', incident);
        return incident;
      }),
    setPostmortem: (id, body) =>
      enqueue(async () => {
        const existing = await requireIncident(id);
        if (!isClosedStatus(existing.status)) {
          throw new InvalidRequestError(`Incident "${id}" is ${existing.status}; resolve it before publishing a postmortem.`, { statusCode: 409 });
        }
        const incident = await store.incidents.update(id, {
          status: 'postmortem',
          body: existing.postmortem === undefined ? 'Postmortem published.' : 'Postmortem updated.',
          postmortem: body,
          automatic: false,
          at: clock.now(),
        });
        publish('updated', incident);
        return incident;
      }),
    get: (id) => store.incidents.get(id),
    list: (listOptions = {}) => {
      if (listOptions.unresolved) return store.incidents.listUnresolved();
      const { unresolved: _unresolved, ...rest } = listOptions;
      return store.incidents.list(rest);
    },
    idle: () => enqueue(async () => undefined),
  };
}

/**
 * Incidents are about what Lifeline measured: a problem only the provider's status page reports
 * (scope `official`) counts as operational here unless `official_only` asks otherwise.
 */
function withoutOfficialOnly(snapshot: HealthSnapshot): HealthSnapshot {
  if (!snapshot.components.some((verdict) => verdict.scope === 'official')) return snapshot;
  return {
    ...snapshot,
    components: snapshot.components.map((verdict): ComponentVerdict => (verdict.scope === 'official' ? { ...verdict, status: 'operational' } : verdict)),
  };
}

/** The open key an automatic incident of `group` holds while open: one per group for the whole fleet. */
function automaticOpenKey(group: string): string {
  return `automatic:${group}`;
}

/** Component statuses as the incident's last update with components wrote them. */
function lastStatuses(incident: Incident): Map<ComponentId, ComponentStatus> {
  const latestWithComponents = [...incident.updates].reverse().find((update) => update.affectedComponents !== undefined);
  const statuses = new Map<ComponentId, ComponentStatus>(
    latestWithComponents?.affectedComponents?.map((component) => [component.id, component.status]) ??
      incident.componentIds.map((id) => [id, statusForImpact(incident.impact)]),
  );
  for (const id of incident.componentIds) if (!statuses.has(id)) statuses.set(id, statusForImpact(incident.impact));
  return statuses;
}

function groupOf(verdict: ComponentVerdict): string {
  return verdict.scope === 'own_network' ? OWN_NETWORK_GROUP : providerIdOf(verdict.id);
}
