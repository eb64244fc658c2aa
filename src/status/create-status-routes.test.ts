import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { TypedEmitter } from '../core/typed-event.js';
import { createMemoryStore } from '../store/memory/memory-store.js';
import { startOfDay } from './api/history.js';
import { createStatusRoutes, type StatusRoutes } from './create-status-routes.js';
import type { IncidentEvent } from './health-source.js';
import { createFakeHealthSource, sampleSnapshot, type FakeHealthSource } from '../../test/support/status/fake-health-source.js';
import { seedHistory } from '../../test/support/status/seed-history.js';
import { serveRoutes, type RouteServer } from '../../test/support/status/serve-routes.js';

const NOW = Date.UTC(2026, 10, 23, 9, 44, 18);
const clock = { now: () => NOW };
let server: RouteServer | undefined;
let status: StatusRoutes | undefined;

afterEach(async () => {
  status?.close();
  await server?.close();
  server = undefined;
  status = undefined;
});

async function start(): Promise<{ url: string; health: FakeHealthSource; incidents: TypedEmitter<IncidentEvent>; store: ReturnType<typeof createMemoryStore> }> {
  const store = createMemoryStore({ clock });
  const health = createFakeHealthSource(sampleSnapshot({ at: NOW }), [{ provider: 'anthropic', label: 'key-1 …f00d', state: 'cooling', reason: 'quota' }]);
  const incidents = new TypedEmitter<IncidentEvent>();
  await seedHistory(store, NOW, ['target:anthropic/claude-opus', 'target:anthropic/claude-haiku']);
  status = createStatusRoutes({ health, store, incidents: { onIncident: incidents.event }, pageName: 'Acme', clock });
  server = await serveRoutes([...status.routes, status.rootRoute]);
  return { url: server.url, health, incidents, store };
}

/** Opens an SSE stream and collects raw text until `until` matches. */
function openStream(url: string): Promise<{ response: IncomingMessage; text: () => string; waitFor: (pattern: RegExp) => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers: { accept: 'text/event-stream' } }, (response) => {
      let text = '';
      const waiters: Array<{ pattern: RegExp; done: () => void }> = [];
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        for (const waiter of [...waiters]) if (waiter.pattern.test(text)) waiter.done();
      });
      resolve({
        response,
        text: () => text,
        waitFor: (pattern) =>
          new Promise<void>((done) => {
            if (pattern.test(text)) done();
            else waiters.push({ pattern, done });
          }),
      });
    });
    request.on('error', reject);
    request.end();
  });
}

describe('createStatusRoutes', () => {
  it('serves the page at /status and at / through rootRoute, with a strict CSP', async () => {
    const { url } = await start();
    for (const path of ['/status', '/']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'; connect-src 'self'/);
      const page = await response.text();
      expect(page).toContain('<h1>Acme status</h1>');
      expect(page).toContain('All Systems Operational');
    }
    expect(status?.rootRoute.matches('/status')).toBe(false);
    expect(status?.routes.some((route) => route.matches('/'))).toBe(false);
  });

  it('GET /api/lifeline/status answers the snapshot with verdicts, measurements and official status, without keys', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/api/lifeline/status`);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ pageName: 'Acme', ...JSON.parse(JSON.stringify(sampleSnapshot({ at: NOW }))) });
    expect(JSON.stringify(body)).not.toContain('key-1');
  });

  it('GET /api/lifeline/history gives per-day uptime and a latency/TTFT series, and validates its query', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/api/lifeline/history?component=${encodeURIComponent('provider:anthropic')}&days=90`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      component: { id: string };
      uptimePercent: number;
      days: Array<{ date: string; uptimePercent: number | null; worstStatus: string | null }>;
      series: { resolution: string; points: Array<{ at: number; latencyAvgMs: number | null; ttftAvgMs: number | null }> };
    };
    expect(body.component.id).toBe('provider:anthropic');
    expect(body.days).toHaveLength(90);
    expect(body.days.at(-1)?.date).toBe('2026-11-23');
    // The provider has no minutes of its own here: its targets' minutes are summed.
    expect(body.days.find((day) => day.worstStatus === 'major_outage')?.uptimePercent).toBe(87.5);
    expect(body.uptimePercent).toBeGreaterThan(99);
    expect(body.series.resolution).toBe('hour');
    expect(body.series.points.at(-1)).toMatchObject({ at: startOfDay(NOW) + 9 * 3_600_000 });
    expect(body.series.points.every((point) => point.latencyAvgMs !== null && point.ttftAvgMs !== null)).toBe(true);

    const minutes = (await (await fetch(`${url}/api/lifeline/history?component=target:anthropic/claude-opus&days=1`)).json()) as { series: { resolution: string; points: unknown[] } };
    expect(minutes.series.resolution).toBe('minute');
    expect(minutes.series.points.length).toBeGreaterThanOrEqual(59);

    expect((await fetch(`${url}/api/lifeline/history?component=provider:nope`)).status).toBe(404);
    const invalid = await fetch(`${url}/api/lifeline/history?component=provider:anthropic&days=365`);
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { message: string } }).error.message).toContain('days');
    expect((await fetch(`${url}/api/lifeline/history`)).status).toBe(400);
    // A component id is a configured name: a longer one is refused, not looked up or echoed.
    const long = await fetch(`${url}/api/lifeline/history?component=target:anthropic/${'x'.repeat(600)}`);
    expect(long.status).toBe(400);
    expect(await long.text()).not.toContain('x'.repeat(600));
  });

  it('GET /api/lifeline/incidents lists stored incidents, optionally only unresolved ones', async () => {
    const { url, store } = await start();
    const first = await store.incidents.create({ title: 'A', status: 'investigating', impact: 'minor', componentIds: [], automatic: true, body: 'a' });
    await store.incidents.update(first.id, { status: 'resolved', body: 'done', automatic: true });
    await store.incidents.create({ title: 'B', status: 'investigating', impact: 'major', componentIds: [], automatic: true, body: 'b' });
    const all = (await (await fetch(`${url}/api/lifeline/incidents`)).json()) as { incidents: Array<{ title: string; updates: unknown[] }> };
    expect(all.incidents.map((incident) => incident.title).sort()).toEqual(['A', 'B']);
    const open = (await (await fetch(`${url}/api/lifeline/incidents?unresolved=true`)).json()) as { incidents: Array<{ title: string }> };
    expect(open.incidents.map((incident) => incident.title)).toEqual(['B']);
  });

  it('streams a snapshot on connect, on every health change and incident events, and close() ends the streams', async () => {
    const { url, health, incidents, store } = await start();
    const stream = await openStream(`${url}/api/lifeline/events`);
    expect(stream.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    await stream.waitFor(/event: snapshot\ndata: \{"at":/);
    expect(health.listenerCount).toBe(1);

    health.set(sampleSnapshot({ at: NOW + 1000, outage: true }));
    await stream.waitFor(/"overall":"major_outage"/);
    const opened = await store.incidents.create({ title: 'Down', status: 'investigating', impact: 'critical', componentIds: ['provider:anthropic'], automatic: true, body: 'x' });
    incidents.emit({ kind: 'opened', incident: opened });
    await stream.waitFor(/event: incident\ndata: \{"kind":"opened","incident":\{"id":"/);

    const ended = new Promise<void>((resolve) => stream.response.on('end', resolve));
    expect(status?.openStreams).toBe(1);
    status?.close();
    await ended;
    expect(status?.openStreams).toBe(0);
    expect(health.listenerCount).toBe(0);
  });

  it('lets go of the health source when the last client disconnects', async () => {
    const { url, health } = await start();
    const stream = await openStream(`${url}/api/lifeline/events`);
    await stream.waitFor(/event: snapshot/);
    stream.response.destroy();
    await expect.poll(() => health.listenerCount).toBe(0);
    expect(status?.openStreams).toBe(0);
  });
});
