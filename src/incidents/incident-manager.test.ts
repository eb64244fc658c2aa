import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ComponentStatus, ComponentVerdict, HealthSnapshot, Measurements } from '../health/health-types.js';
import type { WebhookEvent } from '../notifications/notifications-config.js';
import { TypedEmitter } from '../core/typed-event.js';
import { createMemoryStore } from '../store/memory/memory-store.js';
import type { Incident, LifelineStore } from '../store/store.js';
import { createIncidentManager, type IncidentEvent, type IncidentManager } from './incident-manager.js';
import { incidentsConfigSchema } from './incidents-config.js';

const START = Date.parse('2026-11-23T17:00:00.000Z');
const config = incidentsConfigSchema.parse({ open_after_ms: 30_000, resolve_after_ms: 120_000 });

function manualClock(at = START) {
  return { at, now() { return this.at; }, advance(ms: number) { this.at += ms; } };
}

const failing: Measurements = { windowMs: 60_000, requests: 50, failures: 42, errorRate: 0.84, classes: { overloaded: 40, timeout: 2 }, latencyP50Ms: 3200, baselineLatencyP50Ms: 800 };
const healthy: Measurements = { windowMs: 60_000, requests: 30, failures: 0, errorRate: 0, classes: {} };

function verdict(id: string, status: ComponentStatus, since: number, extra: Partial<ComponentVerdict> = {}): ComponentVerdict {
  const isTarget = id.startsWith('target:');
  const name = id.slice(id.indexOf(':') + 1);
  return {
    id,
    kind: isTarget ? 'target' : 'provider',
    name,
    ...(isTarget ? { parentId: `provider:${name.split('/')[0]}` } : {}),
    status,
    scope: status === 'operational' ? 'none' : 'global',
    reason: status === 'operational' ? 'answering normally' : 'every request failed with overloaded (529)',
    since,
    measured: status === 'operational' ? healthy : failing,
    ...extra,
  };
}

function snapshot(at: number, components: ComponentVerdict[]): HealthSnapshot {
  return { at, overall: 'operational', components };
}

function setup(options: { store?: LifelineStore; clock?: ReturnType<typeof manualClock> } = {}) {
  const store = options.store ?? createMemoryStore();
  const clock = options.clock ?? manualClock();
  const notified: Array<{ event: WebhookEvent; incident: Incident }> = [];
  const events: IncidentEvent[] = [];
  const manager = createIncidentManager({
    store,
    config,
    clock,
    notifier: { notify: async (event, incident) => void notified.push({ event, incident }) },
  });
  manager.onIncident((event) => events.push(event));
  return { store, clock, manager, notified, events };
}

/** Evaluates the same verdicts at the clock's current time. */
async function at(manager: IncidentManager, clock: { now(): number }, components: ComponentVerdict[]): Promise<void> {
  await manager.evaluate(snapshot(clock.now(), components));
}

describe('createIncidentManager', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens one incident for a fleet of instances on one store, notified once, and lets the first to see recovery resolve it', async () => {
    const store = createMemoryStore();
    const clock = manualClock();
    const fleet = [setup({ store, clock }), setup({ store, clock }), setup({ store, clock })];
    const down = () => [verdict('provider:anthropic', 'major_outage', START), verdict('target:anthropic/claude-sonnet-4', 'major_outage', START)];
    for (const instance of fleet) await at(instance.manager, clock, down());
    clock.advance(30_000);
    await Promise.all(fleet.map((instance) => at(instance.manager, clock, down())));
    expect(await store.incidents.list()).toHaveLength(1);
    expect(fleet.flatMap((instance) => instance.notified).map((entry) => entry.event)).toEqual(['incident.opened']);

    // The first instance sees the recovery through; the others drop the incident instead of
    // writing to (or re-opening) one that is over.
    const up = () => [verdict('provider:anthropic', 'operational', clock.now()), verdict('target:anthropic/claude-sonnet-4', 'operational', clock.now())];
    await at(fleet[0]!.manager, clock, up());
    clock.advance(120_000);
    await at(fleet[0]!.manager, clock, up());
    const [resolved] = await store.incidents.list();
    expect(resolved?.status).toBe('resolved');
    const timelineLength = resolved!.updates.length;
    for (const instance of fleet.slice(1)) {
      await at(instance.manager, clock, up());
      clock.advance(120_000);
      await at(instance.manager, clock, up());
    }
    const [after] = await store.incidents.list();
    expect(after?.status).toBe('resolved');
    expect(after?.updates).toHaveLength(timelineLength);

    // The next outage opens a new incident, again once.
    for (const instance of fleet) await at(instance.manager, clock, down().map((entry) => ({ ...entry, since: clock.now() })));
    clock.advance(30_000);
    await Promise.all(fleet.map((instance) => at(instance.manager, clock, down().map((entry) => ({ ...entry, since: clock.now() - 30_000 })))));
    expect((await store.incidents.listUnresolved()).map((incident) => incident.id)).toHaveLength(1);
    expect(await store.incidents.list()).toHaveLength(2);
  });

  it('opens one incident per provider outage only after the debounce, grouping its targets', async () => {
    const { store, clock, manager, notified, events } = setup();
    const down = () => [verdict('provider:anthropic', 'major_outage', START), verdict('target:anthropic/claude-sonnet-4', 'major_outage', START), verdict('provider:openai', 'operational', START)];

    await at(manager, clock, down());
    clock.advance(29_000);
    await at(manager, clock, down());
    expect(await store.incidents.list()).toHaveLength(0);

    clock.advance(1_000);
    await at(manager, clock, down());
    const incidents = await store.incidents.list();
    expect(incidents).toHaveLength(1);
    const incident = incidents[0]!;
    expect(incident.title).toBe('Anthropic: major outage (overloaded)');
    expect(incident.impact).toBe('critical');
    expect(incident.status).toBe('investigating');
    expect(incident.automatic).toBe(true);
    expect(incident.componentIds).toEqual(['provider:anthropic', 'target:anthropic/claude-sonnet-4']);
    const body = incident.updates[0]!.body;
    expect(body).toContain('42 of 50 requests failed (84%) in the last 1 min: overloaded 40, timeout 2');
    expect(body).toContain('latency p50 3200 ms (usually 800 ms)');
    expect(body).toContain('anthropic/claude-sonnet-4 — major outage');
    expect(incident.updates[0]!.affectedComponents).toEqual([
      { id: 'provider:anthropic', status: 'major_outage' },
      { id: 'target:anthropic/claude-sonnet-4', status: 'major_outage' },
    ]);
    expect(notified.map((entry) => entry.event)).toEqual(['incident.opened']);
    expect(events.map((event) => event.kind)).toEqual(['opened']);

    // Nothing changed: no new update.
    clock.advance(5_000);
    await at(manager, clock, down());
    expect((await store.incidents.get(incident.id))!.updates).toHaveLength(1);
  });

  it('uses the verdict since-time for the debounce and ignores a blip shorter than it', async () => {
    const { store, clock, manager } = setup();
    await at(manager, clock, [verdict('provider:openai', 'partial_outage', START)]);
    clock.advance(10_000);
    await at(manager, clock, [verdict('provider:openai', 'operational', START + 10_000)]);
    clock.advance(25_000);
    await at(manager, clock, [verdict('provider:openai', 'partial_outage', START + 35_000)]);
    expect(await store.incidents.list()).toHaveLength(0);

    // A component that has been failing for long already (per its verdict) opens at once.
    await at(manager, clock, [verdict('provider:openai', 'partial_outage', START + 35_000), verdict('provider:groq', 'degraded_performance', START - 60_000, { scope: 'key', reason: 'rate-limited on key-2 …f00d' })]);
    const [incident] = await store.incidents.list();
    expect(incident?.title).toBe('groq: rate-limited on key-2 …f00d');
    expect(incident?.impact).toBe('minor');
  });

  it('adds a later component of the same provider to the open incident and raises its impact', async () => {
    const { store, clock, manager, notified } = setup();
    await at(manager, clock, [verdict('target:openai/gpt-5', 'partial_outage', START - 40_000)]);
    const [opened] = await store.incidents.list();
    expect(opened?.title).toBe('OpenAI gpt-5: partial outage (overloaded)');
    expect(opened?.impact).toBe('major');

    clock.advance(5_000);
    await at(manager, clock, [verdict('target:openai/gpt-5', 'partial_outage', START - 40_000), verdict('provider:openai', 'major_outage', clock.now())]);
    const incidents = await store.incidents.list();
    expect(incidents).toHaveLength(1);
    const incident = incidents[0]!;
    expect(incident.impact).toBe('critical');
    expect(incident.title).toBe('OpenAI: major outage (overloaded)');
    expect(incident.componentIds).toEqual(['target:openai/gpt-5', 'provider:openai']);
    const update = incident.updates.at(-1)!;
    expect(update.automatic).toBe(true);
    expect(update.status).toBe('investigating');
    expect(update.body).toContain('Impact changed: openai is now affected (major outage).');
    expect(update.body).toContain('42 of 50 requests failed');
    expect(notified.map((entry) => entry.event)).toEqual(['incident.opened', 'incident.updated']);
  });

  it('goes monitoring on recovery, back on a relapse, and resolves after a continuous stretch of recovery', async () => {
    const { store, clock, manager, notified } = setup();
    const bad = verdict('provider:anthropic', 'major_outage', START - 60_000);
    await at(manager, clock, [bad]);
    const [{ id } = { id: '' }] = await store.incidents.list();

    clock.advance(10_000);
    await at(manager, clock, [verdict('provider:anthropic', 'operational', clock.now())]);
    let incident = (await store.incidents.get(id))!;
    expect(incident.status).toBe('monitoring');
    expect(incident.updates.at(-1)!.body).toContain('Recovering: anthropic is operational again. Lifeline resolves this incident after 2 min without problems.');

    clock.advance(60_000);
    await at(manager, clock, [verdict('provider:anthropic', 'partial_outage', clock.now())]);
    incident = (await store.incidents.get(id))!;
    expect(incident.status).toBe('investigating');
    expect(incident.updates.at(-1)!.body).toContain('anthropic is affected again (partial outage)');

    clock.advance(10_000);
    await at(manager, clock, [verdict('provider:anthropic', 'operational', clock.now())]);
    clock.advance(119_000);
    await at(manager, clock, [verdict('provider:anthropic', 'operational', clock.now() - 119_000)]);
    expect((await store.incidents.get(id))!.status).toBe('monitoring');

    clock.advance(1_000);
    await at(manager, clock, [verdict('provider:anthropic', 'operational', clock.now() - 120_000)]);
    incident = (await store.incidents.get(id))!;
    expect(incident.status).toBe('resolved');
    expect(incident.resolvedAt).toBe(clock.now());
    const final = incident.updates.at(-1)!.body;
    expect(final).toContain('Resolved: operational again since 2026-11-23 17:01:20 UTC (2 min without problems).');
    expect(final).toContain('The incident lasted 1 min 20 s from 2026-11-23 17:00:00 UTC. Recovered: anthropic (worst: major outage).');
    expect(notified.map((entry) => entry.event)).toEqual(['incident.opened', 'incident.updated', 'incident.updated', 'incident.updated', 'incident.resolved']);

    // A later outage opens a new incident.
    clock.advance(60_000);
    await at(manager, clock, [verdict('provider:anthropic', 'major_outage', clock.now() - 31_000)]);
    expect(await store.incidents.list()).toHaveLength(2);
  });

  it("keeps an admin's status in later automatic updates and never rewrites their words", async () => {
    const { store, clock, manager } = setup();
    await at(manager, clock, [verdict('provider:anthropic', 'partial_outage', START - 60_000)]);
    const [{ id } = { id: '' }] = await store.incidents.list();
    clock.advance(1_000);
    await manager.addUpdate(id, { status: 'identified', body: 'Anthropic confirmed a capacity problem.' });

    clock.advance(1_000);
    await at(manager, clock, [verdict('provider:anthropic', 'major_outage', clock.now())]);
    const incident = (await store.incidents.get(id))!;
    expect(incident.status).toBe('identified');
    expect(incident.updates.map((update) => [update.status, update.automatic])).toEqual([
      ['investigating', true],
      ['identified', false],
      ['identified', true],
    ]);
    expect(incident.updates[1]!.body).toBe('Anthropic confirmed a capacity problem.');
  });

  it('leaves an incident an admin resolved resolved, and opens a new one only for a new outage', async () => {
    const { store, clock, manager, notified } = setup();
    await at(manager, clock, [verdict('provider:anthropic', 'major_outage', START - 60_000)]);
    const [{ id } = { id: '' }] = await store.incidents.list();
    await manager.addUpdate(id, { status: 'resolved', body: 'Handled upstream; closing.' });
    expect(notified.at(-1)?.event).toBe('incident.resolved');

    clock.advance(60_000);
    await at(manager, clock, [verdict('provider:anthropic', 'major_outage', START - 60_000)]);
    let incidents = await store.incidents.list();
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.status).toBe('resolved');

    clock.advance(10_000);
    await at(manager, clock, [verdict('provider:anthropic', 'operational', clock.now())]);
    clock.advance(10_000);
    await at(manager, clock, [verdict('provider:anthropic', 'major_outage', clock.now())]);
    clock.advance(30_000);
    await at(manager, clock, [verdict('provider:anthropic', 'major_outage', clock.now() - 30_000)]);
    incidents = await store.incidents.list();
    expect(incidents).toHaveLength(2);
    expect((await store.incidents.get(id))!.status).toBe('resolved');
  });

  it('continues unresolved incidents after a restart instead of opening new ones, resolving them only once their components answer again', async () => {
    const store = createMemoryStore();
    const clock = manualClock();
    const first = setup({ store, clock });
    await at(first.manager, clock, [verdict('provider:anthropic', 'major_outage', START - 60_000)]);
    clock.advance(5_000);
    await at(first.manager, clock, [verdict('provider:anthropic', 'operational', clock.now())]);
    first.manager.stop();

    const second = setup({ store, clock });
    await second.manager.start();
    second.manager.stop();
    const startedAt = clock.now();
    // The new health monitor has seen nothing: "operational" is no evidence. Before, the incident
    // resolved here, 2 min after the monitoring update written before the restart.
    clock.advance(121_000);
    await at(second.manager, clock, [verdict('provider:anthropic', 'operational', startedAt)]);
    expect((await store.incidents.list())[0]!.status).toBe('monitoring');

    // A success after the start proves the recovery; the 2 min stretch starts from there.
    const answeredAt = clock.now() - 500;
    await at(second.manager, clock, [verdict('provider:anthropic', 'operational', startedAt, { lastOkAt: answeredAt })]);
    clock.advance(119_000);
    await at(second.manager, clock, [verdict('provider:anthropic', 'operational', startedAt, { lastOkAt: answeredAt })]);
    expect((await store.incidents.list())[0]!.status).toBe('monitoring');
    clock.advance(1_000);
    await at(second.manager, clock, [verdict('provider:anthropic', 'operational', startedAt, { lastOkAt: answeredAt })]);
    const incidents = await store.incidents.list();
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.status).toBe('resolved');
    expect(second.notified.map((entry) => entry.event)).toEqual(['incident.resolved']);
  });

  it('keeps an incident open across a restart, and out of monitoring, until each component answered after the start and after its last failure', async () => {
    const store = createMemoryStore();
    const clock = manualClock();
    const first = setup({ store, clock });
    await at(first.manager, clock, [verdict('provider:anthropic', 'major_outage', START - 60_000), verdict('target:anthropic/claude-x', 'major_outage', START - 60_000)]);
    const [{ id } = { id: '' }] = await store.incidents.list();
    first.manager.stop();

    clock.advance(30_000);
    const second = setup({ store, clock });
    await second.manager.start();
    second.manager.stop();
    const startedAt = clock.now();
    const both = (extra: Partial<ComponentVerdict> = {}, target: Partial<ComponentVerdict> = extra) => [
      verdict('provider:anthropic', 'operational', startedAt, extra),
      verdict('target:anthropic/claude-x', 'operational', startedAt, target),
    ];

    // No traffic or probes since the start, for far longer than resolve_after_ms.
    for (const step of [1_000, 120_000, 600_000]) {
      clock.advance(step);
      await at(second.manager, clock, both());
    }
    // A success from before the restart proves nothing now.
    await at(second.manager, clock, both({ lastOkAt: startedAt - 5_000 }));
    // Failing again after the restart: only an answer after this counts.
    clock.advance(10_000);
    const failingAt = clock.now();
    await at(second.manager, clock, [verdict('provider:anthropic', 'major_outage', failingAt), verdict('target:anthropic/claude-x', 'major_outage', failingAt)]);
    clock.advance(10_000);
    await at(second.manager, clock, both({ lastOkAt: failingAt - 1_000 }));
    let incident = (await store.incidents.get(id))!;
    expect(incident.status).toBe('investigating');
    expect(incident.updates).toHaveLength(1);
    expect(second.notified).toEqual([]);

    // The provider answered (through another model), this target did not: the provider has
    // recovered, the incident is still investigating.
    await at(second.manager, clock, both({ lastOkAt: clock.now() - 100 }, {}));
    incident = (await store.incidents.get(id))!;
    expect(incident.updates.map((update) => [update.status, update.body])).toEqual([
      ['investigating', expect.any(String)],
      ['investigating', 'Impact changed: anthropic recovered (was major outage).'],
    ]);

    const answeredAt = clock.now() - 50;
    await at(second.manager, clock, both({ lastOkAt: answeredAt }));
    incident = (await store.incidents.get(id))!;
    expect(incident.status).toBe('monitoring');
    clock.advance(120_000);
    await at(second.manager, clock, both({ lastOkAt: answeredAt }));
    expect((await store.incidents.get(id))!.status).toBe('resolved');
    expect(second.notified.map((entry) => entry.event)).toEqual(['incident.updated', 'incident.updated', 'incident.resolved']);
  });

  it('a restarted manager posts an update when the outage changed while it was away', async () => {
    const store = createMemoryStore();
    const clock = manualClock();
    const first = setup({ store, clock });
    await at(first.manager, clock, [verdict('provider:openai', 'degraded_performance', START - 60_000)]);

    const second = setup({ store, clock });
    await second.manager.start();
    second.manager.stop();
    await at(second.manager, clock, [verdict('provider:openai', 'degraded_performance', START - 60_000)]);
    expect((await store.incidents.list())[0]!.updates).toHaveLength(1);
    await at(second.manager, clock, [verdict('provider:openai', 'major_outage', START)]);
    const incidents = await store.incidents.list();
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.impact).toBe('critical');
    expect(incidents[0]!.updates.at(-1)!.body).toContain('openai went from degraded performance to major outage');
  });

  it('opens on its own timer when the debounce ends without any new health event', async () => {
    vi.useFakeTimers({ now: START });
    const store = createMemoryStore();
    const changes = new TypedEmitter<HealthSnapshot>();
    let current = snapshot(START, [verdict('provider:openai', 'operational', START)]);
    const manager = createIncidentManager({ store, config, health: { snapshot: () => current, onChange: changes.event } });
    await manager.start();

    current = snapshot(Date.now(), [verdict('provider:openai', 'major_outage', Date.now())]);
    changes.emit(current);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(await store.incidents.list()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_100);
    await manager.idle();
    expect(await store.incidents.list()).toHaveLength(1);

    current = snapshot(Date.now(), [verdict('provider:openai', 'operational', Date.now())]);
    changes.emit(current);
    await vi.advanceTimersByTimeAsync(120_100);
    await manager.idle();
    expect((await store.incidents.list())[0]!.status).toBe('resolved');
    manager.stop();
  });

  it('opens human incidents, and publishes a postmortem only once resolved', async () => {
    const { manager, notified } = setup();
    const incident = await manager.open({ title: 'Slow answers from Anthropic', body: 'We are looking into it.', componentIds: ['provider:anthropic'] });
    expect(incident).toMatchObject({ automatic: false, status: 'investigating', impact: 'minor' });
    await expect(manager.setPostmortem(incident.id, 'Root cause: …')).rejects.toMatchObject({ statusCode: 409 });
    await manager.addUpdate(incident.id, { status: 'resolved', body: 'Fixed.' });
    const published = await manager.setPostmortem(incident.id, 'Root cause: a bad deploy.');
    expect(published.status).toBe('postmortem');
    expect(published.postmortem).toBe('Root cause: a bad deploy.');
    expect(published.resolvedAt).toBeDefined();
    expect(notified.map((entry) => entry.event)).toEqual(['incident.opened', 'incident.resolved', 'incident.updated']);
    await expect(manager.addUpdate('nope', { status: 'identified', body: 'x' })).rejects.toMatchObject({ statusCode: 404 });
  });

  it('opens nothing for a problem only the official status page reports, unless asked to', async () => {
    const official = verdict('provider:anthropic', 'degraded_performance', START - 600_000, { scope: 'official', measured: healthy, official: { status: 'partial_outage', description: 'Partial System Outage' } });
    const quiet = setup();
    await at(quiet.manager, quiet.clock, [official]);
    expect(await quiet.store.incidents.list()).toHaveLength(0);

    const store = createMemoryStore();
    const manager = createIncidentManager({ store, config: incidentsConfigSchema.parse({ official_only: true }), clock: manualClock() });
    await manager.evaluate(snapshot(START, [official]));
    const [incident] = await store.incidents.list();
    expect(incident?.title).toBe('Anthropic: degraded performance reported by the official status page');
    expect(incident?.updates[0]!.body).toContain('official status page: Partial System Outage');
  });

  it('does nothing automatic when disabled', async () => {
    const store = createMemoryStore();
    const manager = createIncidentManager({ store, config: incidentsConfigSchema.parse({ enabled: false }), clock: manualClock() });
    await manager.evaluate(snapshot(START, [verdict('provider:openai', 'major_outage', START - 600_000)]));
    expect(await store.incidents.list()).toHaveLength(0);
  });
});
