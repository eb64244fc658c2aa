import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KeyHealth } from '../health/health-types.js';
import { FRONT_DOOR_DEFAULTS } from '../http/front-door-config.js';
import type { AppServices, ExtraRoute, RequestContext } from '../http/request-context.js';
import { createIncidentManager } from '../incidents/incident-manager.js';
import { incidentsConfigSchema } from '../incidents/incidents-config.js';
import { createWebhookNotifier } from '../notifications/webhook-notifier.js';
import { createMemoryStore } from '../store/memory/memory-store.js';
import type { Incident } from '../store/store.js';
import { adminConfigSchema } from './admin-config.js';
import { createAdminRoutes, type AdminRoutesOptions } from './admin-routes.js';

const TOKEN = 'admin-token-for-tests-0123';
const WEBHOOK_SECRET = 'whsec-never-shown-4567';

/** Serves only the given routes, the way the Lifeline server dispatches extra routes. */
async function serve(routes: ExtraRoute[]): Promise<{ url: string; close(): Promise<void> }> {
  const app = { logger: pino({ level: 'silent' }), config: { server: { maxBodyBytes: 1024 * 1024, ...FRONT_DOOR_DEFAULTS } } } as unknown as AppServices;
  const server: Server = createServer((request, response) => {
    const url = request.url ?? '/';
    const [pathname = '/', query = ''] = url.split('?');
    const route = routes.find((candidate) => candidate.method === request.method && candidate.matches(pathname.replace(/\/$/, '') || '/'));
    if (!route) {
      response.writeHead(404).end();
      return;
    }
    const context: RequestContext = { request, response, pathname, query, requestId: randomUUID(), app, log: {} };
    void route.handler(context);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: Partial<AdminRoutesOptions> & { webhookUrl?: string } = {}) {
  const store = createMemoryStore();
  const notifier = createWebhookNotifier({
    store,
    webhooks: options.webhookUrl ? [{ name: 'ops', url: options.webhookUrl, secret: WEBHOOK_SECRET, format: 'json' }] : [],
    maxAttempts: 2,
    baseDelayMs: 5,
    maxDelayMs: 10,
  });
  cleanups.push(() => notifier.stop());
  const incidents = createIncidentManager({ store, config: incidentsConfigSchema.parse({}), notifier });
  const server = await serve(createAdminRoutes({ store, incidents, notifier, token: TOKEN, ...options }));
  cleanups.push(server.close);
  const call = async (method: string, path: string, body?: unknown, token: string | undefined = TOKEN) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, text, json: JSON.parse(text) as Record<string, unknown> & { error?: { message: string }; incident?: Incident } };
  };
  return { store, incidents, notifier, call };
}

describe('createAdminRoutes', () => {
  it('answers 403 with how to enable it when no token is configured', async () => {
    const { call } = await setup({ token: adminConfigSchema.parse({ token: '' }).token });
    const response = await call('GET', '/admin/incidents');
    expect(response.status).toBe(403);
    expect(response.json.error?.message).toContain('admin.token');
    expect(response.json.error?.message).toContain('LIFELINE_ADMIN_TOKEN');
  });

  it('answers 401 without a token or with the wrong one', async () => {
    const { call } = await setup();
    const missing = await call('GET', '/admin/incidents', undefined, '');
    expect(missing.status).toBe(401);
    expect(missing.json.error?.message).toContain('Authorization: Bearer');
    const wrong = await call('GET', '/admin/incidents', undefined, 'not-the-token');
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({ error: { message: 'Invalid admin token.' } });
  });

  it('opens a human incident, adds updates and a postmortem', async () => {
    const { call } = await setup();
    const created = await call('POST', '/admin/incidents', { title: 'Slow answers from Anthropic', body: 'Looking into reports of slow answers.', components: ['provider:anthropic'], impact: 'major' });
    expect(created.status).toBe(201);
    const id = created.json.incident!.id;
    expect(created.json.incident).toMatchObject({ title: 'Slow answers from Anthropic', status: 'investigating', impact: 'major', automatic: false, componentIds: ['provider:anthropic'] });

    const identified = await call('POST', `/admin/incidents/${id}/updates`, { status: 'identified', body: 'A regional network problem.' });
    expect(identified.status).toBe(201);
    expect(identified.json.incident!.updates.at(-1)).toMatchObject({ status: 'identified', body: 'A regional network problem.', automatic: false });

    const early = await call('PUT', `/admin/incidents/${id}/postmortem`, { body: 'Root cause …' });
    expect(early.status).toBe(409);
    expect(early.json.error?.message).toContain('resolve it before publishing a postmortem');

    expect((await call('POST', `/admin/incidents/${id}/updates`, { status: 'resolved', body: 'Fixed.' })).json.incident!.status).toBe('resolved');
    const postmortem = await call('PUT', `/admin/incidents/${id}/postmortem`, { body: 'Root cause: a misrouted region.' });
    expect(postmortem.status).toBe(200);
    expect(postmortem.json.incident).toMatchObject({ status: 'postmortem', postmortem: 'Root cause: a misrouted region.' });

    const listed = await call('GET', '/admin/incidents');
    expect((listed.json.incidents as Incident[]).map((incident) => incident.id)).toEqual([id]);
    expect(((await call('GET', '/admin/incidents?unresolved=true')).json.incidents as Incident[])).toEqual([]);
    expect((await call('GET', `/admin/incidents/${id}`)).json.incident!.updates).toHaveLength(4);
  });

  it('rejects invalid bodies with clear 400s and unknown incidents with 404', async () => {
    const { call } = await setup();
    const badStatus = await call('POST', '/admin/incidents/abc/updates', { status: 'fixed', body: 'x' });
    expect(badStatus.status).toBe(400);
    expect(badStatus.json.error?.message).toBe('Invalid request: status: expected one of investigating, identified, monitoring, resolved.');
    const missingTitle = await call('POST', '/admin/incidents', { body: 'x' });
    expect(missingTitle.status).toBe(400);
    expect(missingTitle.json.error?.message).toContain('title: expected title as a string');
    const notJson = await call('POST', '/admin/incidents', '{nope');
    expect(notJson.status).toBe(400);
    expect(notJson.json.error?.message).toContain('not valid JSON');
    const unknown = await call('POST', '/admin/incidents/doesnotexist/updates', { status: 'identified', body: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error?.message).toBe('No incident with id "doesnotexist".');
    expect((await call('GET', '/admin/webhooks/deliveries?state=lost')).status).toBe(400);
  });

  it('shows failed webhook deliveries, without secrets or URLs, and retries one on request', async () => {
    const receiver = createServer((request, response) => {
      request.resume();
      response.writeHead(500).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
    const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook?key=url-secret`;
    const { call, store } = await setup({ webhookUrl });

    await call('POST', '/admin/incidents', { title: 'Test incident', body: 'Testing notifications.' });
    await vi.waitFor(async () => expect((await store.webhooks.list())[0]?.state).toBe('failed'));

    const failed = await call('GET', '/admin/webhooks/deliveries?state=failed');
    expect(failed.status).toBe(200);
    const deliveries = failed.json.deliveries as Array<Record<string, unknown>>;
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ webhook: 'ops', event: 'incident.opened', state: 'failed', attempts: 2, lastStatus: 500, lastError: 'the receiver answered 500' });
    expect(deliveries[0]).not.toHaveProperty('payload');
    expect(failed.text).not.toContain(WEBHOOK_SECRET);
    expect(failed.text).not.toContain('url-secret');
    expect(((await call('GET', '/admin/webhooks/deliveries?state=delivered')).json.deliveries as unknown[])).toHaveLength(0);

    const retried = await call('POST', `/admin/webhooks/deliveries/${String(deliveries[0]!.id)}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.json.delivery).toMatchObject({ state: 'pending', attempts: 0 });
    expect((await call('POST', '/admin/webhooks/deliveries/nope/retry')).status).toBe(404);
  });

  it('lists key health by label, and says when health is not running', async () => {
    const keys: KeyHealth[] = [{ provider: 'openai', label: 'key-2 …f00d', state: 'cooling', reason: 'rate_limited', untilMs: 1_000 }];
    const withHealth = await setup({ health: { keys: () => keys } });
    expect((await withHealth.call('GET', '/admin/keys')).json).toEqual({ keys });
    const withoutHealth = await setup();
    expect((await withoutHealth.call('GET', '/admin/keys')).status).toBe(503);
  });

  it('lists the client-named models tracked by name to admins only', async () => {
    const targets = [{ provider: 'anthropic', model: 'claude-served', firstServedAt: 1, lastUsedAt: 2, published: false, status: 'operational' as const }];
    const { call } = await setup({ health: { keys: () => [], dynamicTargets: () => targets } });
    expect((await call('GET', '/admin/dynamic-targets')).json).toEqual({ targets });
    expect((await call('GET', '/admin/dynamic-targets', undefined, 'wrong-token')).status).toBe(401);
    const withoutHealth = await setup();
    expect((await withoutHealth.call('GET', '/admin/dynamic-targets')).status).toBe(503);
  });
});
