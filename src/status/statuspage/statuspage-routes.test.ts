import { afterEach, describe, expect, it } from 'vitest';
import { createHostCheck } from '../../http/host-check.js';
import { createMemoryStore } from '../../store/memory/memory-store.js';
import type { LifelineStore } from '../../store/store.js';
import { createFirstSeen } from '../first-seen.js';
import { createFakeHealthSource, sampleSnapshot } from '../../../test/support/status/fake-health-source.js';
import { serveRoutes, type RouteServer } from '../../../test/support/status/serve-routes.js';
import { statuspageId } from './statuspage-id.js';
import { endpointShapes } from './statuspage-samples.js';
import { compareToShape } from './statuspage-shape.js';
import { createStatuspageRoutes } from './statuspage-routes.js';
import type { StatuspageComponent, StatuspageIncident, StatuspageSummary } from './statuspage-types.js';

const AT = Date.UTC(2026, 10, 23, 9, 44, 18);
const clock = { now: () => AT };
let server: RouteServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: { outage: boolean; store?: LifelineStore }): Promise<{ url: string; store: LifelineStore }> {
  const store = options.store ?? createMemoryStore({ clock });
  const health = createFakeHealthSource(sampleSnapshot({ at: AT, outage: options.outage }));
  const routes = createStatuspageRoutes({ health, store, pageName: 'Lifeline', clock, firstSeenAt: createFirstSeen(clock), hostAllowed: createHostCheck({ boundHost: '127.0.0.1', allowedHosts: [] }) });
  server = await serveRoutes(routes);
  return { url: server.url, store };
}

/** An incident history in every state: resolved without components, monitoring, open. */
async function seedIncidents(store: LifelineStore): Promise<void> {
  const quiet = await store.incidents.create({
    title: 'Delayed usage data',
    status: 'investigating',
    impact: 'none',
    componentIds: [],
    automatic: false,
    body: 'Looking into it.',
    at: AT - 86_400_000,
  });
  await store.incidents.update(quiet.id, { status: 'resolved', body: 'Caught up.', automatic: false, at: AT - 86_000_000 });
  const recovering = await store.incidents.create({
    title: 'Elevated errors on openai',
    status: 'investigating',
    impact: 'minor',
    componentIds: ['provider:openai', 'target:openai/gpt-5'],
    automatic: true,
    body: '12% of requests failed (server: 5)',
    affectedComponents: [{ id: 'target:openai/gpt-5', status: 'degraded_performance' }],
    at: AT - 3_600_000,
  });
  await store.incidents.update(recovering.id, {
    status: 'monitoring',
    body: 'Error rate back to 0%',
    automatic: true,
    affectedComponents: [{ id: 'target:openai/gpt-5', status: 'operational' }],
    at: AT - 1_800_000,
  });
  await store.incidents.create({
    title: 'Major outage on anthropic',
    status: 'investigating',
    impact: 'critical',
    componentIds: ['provider:anthropic', 'target:anthropic/claude-opus', 'target:removed/model'],
    automatic: true,
    body: '40 of 40 requests failed (overloaded: 40)',
    affectedComponents: [
      { id: 'target:anthropic/claude-opus', status: 'major_outage' },
      { id: 'target:removed/model', status: 'partial_outage' },
    ],
    at: AT - 40_000,
  });
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('application/json');
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  return (await response.json()) as T;
}

describe('Statuspage v2 endpoints', () => {
  for (const outage of [false, true]) {
    it(`match the real samples' structure on every endpoint (${outage ? 'outage with incidents' : 'all operational, no incidents'})`, async () => {
      const { url, store } = await start({ outage });
      if (outage) await seedIncidents(store);
      for (const [path, shape] of Object.entries(endpointShapes())) {
        const body = await getJson<unknown>(`${url}${path}`);
        expect({ path, problems: compareToShape(body, shape) }).toEqual({ path, problems: [] });
      }
    });
  }

  it('publishes providers as groups followed by their targets, with stable 12-character ids', async () => {
    const { url } = await start({ outage: true });
    const { components } = await getJson<{ components: StatuspageComponent[] }>(`${url}/api/v2/components.json`);
    expect(components.map((component) => [component.name, component.group, component.position, component.status])).toEqual([
      ['anthropic', true, 1, 'major_outage'],
      ['claude-opus', false, 1, 'major_outage'],
      ['claude-haiku', false, 2, 'major_outage'],
      ['openai', true, 2, 'operational'],
      ['gpt-5', false, 1, 'operational'],
    ]);
    const [anthropic, opus, haiku] = components;
    expect(anthropic!.id).toBe(statuspageId('provider:anthropic'));
    expect(anthropic!.id).toMatch(/^[a-z0-9]{12}$/);
    expect(anthropic!.components).toEqual([opus!.id, haiku!.id]);
    expect(anthropic!.group_id).toBeNull();
    expect(opus!.group_id).toBe(anthropic!.id);
    expect('components' in opus!).toBe(false);
    expect(opus!.updated_at).toBe(new Date(AT - 40_000).toISOString());
  });

  it('maps the overall status to the indicator and Atlassian description', async () => {
    const { url } = await start({ outage: true });
    const { status, page } = await getJson<StatuspageSummary>(`${url}/api/v2/status.json`);
    expect(status).toEqual({ indicator: 'critical', description: 'Major System Outage' });
    expect(page).toMatchObject({ name: 'Lifeline', time_zone: 'Etc/UTC', url: `${url}/status` });
    await server?.close();
    const healthy = await start({ outage: false });
    const operational = await getJson<StatuspageSummary>(`${healthy.url}/api/v2/status.json`);
    expect(operational.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
  });

  it('lists unresolved incidents in summary and unresolved.json, all recent ones in incidents.json, newest first', async () => {
    const { url, store } = await start({ outage: true });
    await seedIncidents(store);
    const summary = await getJson<StatuspageSummary>(`${url}/api/v2/summary.json`);
    const unresolved = await getJson<{ incidents: StatuspageIncident[] }>(`${url}/api/v2/incidents/unresolved.json`);
    const all = await getJson<{ incidents: StatuspageIncident[] }>(`${url}/api/v2/incidents.json`);
    expect(summary.incidents.map((incident) => incident.name)).toEqual(['Major outage on anthropic', 'Elevated errors on openai']);
    expect(unresolved.incidents).toEqual(summary.incidents);
    expect(all.incidents.map((incident) => incident.status)).toEqual(['investigating', 'monitoring', 'resolved']);
    expect(summary.scheduled_maintenances).toEqual([]);

    const [open, monitoring, resolved] = all.incidents;
    expect(open!.impact).toBe('critical');
    expect(open!.components.map((component) => component.name)).toEqual(['claude-opus', 'claude-haiku']);
    expect(open!.incident_updates[0]!.affected_components).toEqual([
      { code: statuspageId('target:anthropic/claude-opus'), name: 'anthropic - claude-opus', old_status: 'operational', new_status: 'major_outage' },
      { code: statuspageId('target:removed/model'), name: 'removed - model', old_status: 'operational', new_status: 'partial_outage' },
    ]);
    expect(open!.shortlink).toBe(`${url}/status#incident-${open!.id}`);
    expect(monitoring!.monitoring_at).toBe(new Date(AT - 1_800_000).toISOString());
    expect(monitoring!.resolved_at).toBeNull();
    expect(monitoring!.incident_updates.map((update) => update.status)).toEqual(['monitoring', 'investigating']);
    expect(monitoring!.incident_updates[0]!.affected_components).toEqual([
      expect.objectContaining({ name: 'openai - gpt-5', old_status: 'degraded_performance', new_status: 'operational' }),
    ]);
    expect(resolved!.resolved_at).toBe(new Date(AT - 86_000_000).toISOString());
    expect(resolved!.components).toEqual([]);
    expect(resolved!.incident_updates[0]!.affected_components).toBeNull();
    expect(summary.page.updated_at).toBe(new Date(AT - 40_000).toISOString());
  });
});
