import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../store/memory/memory-store.js';
import type { Incident, LifelineStore } from '../store/store.js';
import { notificationsConfigSchema, type WebhookConfig } from './notifications-config.js';
import { createWebhookNotifier, webhookNotifierSettings, type WebhookNotifier } from './webhook-notifier.js';
import { verifySignature } from './webhook-signature.js';

const SECRET = 'whsec-test-0123456789';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  signatureValid: boolean;
}

/** A loopback receiver answering with `statuses` in turn (the last one repeats). */
async function startReceiver(statuses: number[]): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: request.headers, body, signatureValid: verifySignature(body, request.headers['x-lifeline-signature'], SECRET, 5 * 60_000) });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 200;
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/lifeline?token=abc`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const incident: Incident = {
  id: 'inc123456789',
  title: 'Anthropic: major outage (overloaded)',
  status: 'investigating',
  impact: 'critical',
  componentIds: ['provider:anthropic'],
  createdAt: Date.parse('2026-11-23T17:00:00.000Z'),
  updatedAt: Date.parse('2026-11-23T17:00:00.000Z'),
  automatic: true,
  updates: [
    {
      id: 'upd123456789',
      incidentId: 'inc123456789',
      status: 'investigating',
      body: 'Lifeline measured 42 of 50 requests failing <overloaded>.',
      createdAt: Date.parse('2026-11-23T17:00:00.000Z'),
      automatic: true,
      affectedComponents: [{ id: 'provider:anthropic', status: 'major_outage' }],
    },
  ],
};

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.useRealTimers();
});

function webhook(url: string, extra: Partial<WebhookConfig> = {}): WebhookConfig {
  return { name: 'ops', url, secret: SECRET, format: 'json', ...extra };
}

function notifierFor(store: LifelineStore, webhooks: WebhookConfig[], extra: { maxAttempts?: number; baseDelayMs?: number } = {}): WebhookNotifier {
  const notifier = createWebhookNotifier({ store, webhooks, maxAttempts: extra.maxAttempts ?? 4, baseDelayMs: extra.baseDelayMs ?? 5, maxDelayMs: 50, timeoutMs: 2_000 });
  cleanups.push(() => notifier.stop());
  return notifier;
}

async function deliveryStates(store: LifelineStore) {
  return store.webhooks.list();
}

describe('createWebhookNotifier', () => {
  it('posts a signed Statuspage-shaped JSON payload and records the delivery', async () => {
    const receiver = await startReceiver([200]);
    cleanups.push(receiver.close);
    const store = createMemoryStore();
    const notifier = notifierFor(store, [webhook(receiver.url)]);

    await notifier.notify('incident.opened', incident);
    await vi.waitFor(async () => expect((await deliveryStates(store))[0]?.state).toBe('delivered'));

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request!.signatureValid).toBe(true);
    expect(request!.headers['x-lifeline-event']).toBe('incident.opened');
    const [delivery] = await store.webhooks.list();
    expect(request!.headers['x-lifeline-delivery']).toBe(delivery!.id);
    expect(request!.headers['x-lifeline-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(delivery).toMatchObject({ webhook: 'ops', event: 'incident.opened', incidentId: incident.id, attempts: 1, lastStatus: 200 });
    expect(delivery!.deliveredAt).toBeTypeOf('number');
    expect(delivery!.nextAttemptAt).toBeUndefined();

    const payload = JSON.parse(request!.body) as Record<string, unknown>;
    expect(Object.keys(payload)).toEqual(['event', 'incident', 'sent_at']);
    expect(payload.event).toBe('incident.opened');
    expect(payload.incident).toMatchObject({
      id: incident.id,
      name: incident.title,
      status: 'investigating',
      impact: 'critical',
      created_at: '2026-11-23T17:00:00.000Z',
      resolved_at: null,
      incident_updates: [{ id: 'upd123456789', status: 'investigating', affected_components: [{ code: 'provider:anthropic', name: 'anthropic', old_status: 'operational', new_status: 'major_outage' }] }],
      components: [{ id: 'provider:anthropic', name: 'anthropic', status: 'major_outage' }],
    });
    // A tampered body fails verification.
    expect(verifySignature(request!.body.replace('critical', 'minor'), request!.headers['x-lifeline-signature'], SECRET, 60_000)).toBe(false);
  });

  it('retries with backoff after a receiver fails twice, then succeeds', async () => {
    const receiver = await startReceiver([500, 502, 204]);
    cleanups.push(receiver.close);
    const store = createMemoryStore();
    const notifier = notifierFor(store, [webhook(receiver.url)]);

    await notifier.notify('incident.updated', incident);
    await vi.waitFor(async () => expect((await deliveryStates(store))[0]?.state).toBe('delivered'));
    const [delivery] = await store.webhooks.list();
    expect(delivery).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 204 });
    expect(delivery!.lastError).toBeUndefined();
    expect(receiver.received).toHaveLength(3);
    expect(receiver.received.every((request) => request.signatureValid)).toBe(true);
    // One delivery id across retries, so receivers can drop duplicates.
    expect(new Set(receiver.received.map((request) => request.headers['x-lifeline-delivery'])).size).toBe(1);
  });

  it('gives up after max attempts and records why, without the URL', async () => {
    const receiver = await startReceiver([503]);
    cleanups.push(receiver.close);
    const store = createMemoryStore();
    const notifier = notifierFor(store, [webhook(receiver.url)], { maxAttempts: 3 });

    await notifier.notify('incident.opened', incident);
    await vi.waitFor(async () => expect((await deliveryStates(store))[0]?.state).toBe('failed'));
    const [delivery] = await store.webhooks.list({ state: 'failed' });
    expect(delivery).toMatchObject({ attempts: 3, lastStatus: 503, lastError: 'the receiver answered 503' });
    expect(receiver.received).toHaveLength(3);
  });

  it('records network errors and schedules the next attempt', async () => {
    const receiver = await startReceiver([200]);
    await receiver.close();
    const store = createMemoryStore();
    const notifier = notifierFor(store, [webhook(receiver.url)], { maxAttempts: 2, baseDelayMs: 60_000 });

    await notifier.notify('incident.opened', incident);
    await vi.waitFor(async () => expect((await deliveryStates(store))[0]?.attempts).toBe(1));
    const [delivery] = await store.webhooks.list();
    expect(delivery!.state).toBe('pending');
    expect(delivery!.lastError).toMatch(/ECONNREFUSED/);
    expect(delivery!.lastError).not.toContain('token=abc');
    expect(delivery!.lastStatus).toBeUndefined();
    // Equal jitter: between half and all of the base delay.
    expect(delivery!.nextAttemptAt! - Date.now()).toBeGreaterThan(25_000);
  });

  it('sends a Slack-compatible message when asked', async () => {
    const receiver = await startReceiver([200]);
    cleanups.push(receiver.close);
    const store = createMemoryStore();
    const notifier = notifierFor(store, [webhook(receiver.url, { name: 'slack', format: 'slack', secret: undefined })]);

    await notifier.notify('incident.resolved', { ...incident, status: 'resolved', resolvedAt: incident.createdAt + 90_000 });
    await vi.waitFor(() => expect(receiver.received).toHaveLength(1));
    const [request] = receiver.received;
    expect(request!.headers['x-lifeline-signature']).toBeUndefined();
    const payload = JSON.parse(request!.body) as { text: string; blocks: Array<{ type: string; text?: { type: string; text: string }; elements?: Array<{ text: string }> }> };
    expect(Object.keys(payload).sort()).toEqual(['blocks', 'text']);
    expect(payload.text).toBe(':large_green_circle: Incident resolved: Anthropic: major outage (overloaded) (resolved, impact critical)');
    expect(payload.blocks.map((block) => block.type)).toEqual(['header', 'section', 'context']);
    expect(payload.blocks[0]!.text).toEqual({ type: 'plain_text', text: 'Incident resolved: Anthropic: major outage (overloaded)' });
    expect(payload.blocks[1]!.text).toEqual({ type: 'mrkdwn', text: 'Lifeline measured 42 of 50 requests failing &lt;overloaded&gt;.' });
    expect(payload.blocks[2]!.elements![0]!.text).toBe('*Status:* resolved · *Impact:* critical · *Started:* 2026-11-23 17:00:00 UTC · *Resolved:* 2026-11-23 17:01:30 UTC');
  });

  it('only sends the events a webhook asked for', async () => {
    const receiver = await startReceiver([200]);
    cleanups.push(receiver.close);
    const store = createMemoryStore();
    const notifier = notifierFor(store, [webhook(receiver.url, { events: ['incident.resolved'] })]);
    await notifier.notify('incident.opened', incident);
    await notifier.notify('incident.updated', incident);
    expect(await store.webhooks.list()).toHaveLength(0);
  });

  it('resumes pending deliveries from the store on start', async () => {
    const receiver = await startReceiver([200]);
    cleanups.push(receiver.close);
    const store = createMemoryStore();
    await store.webhooks.create({ webhook: 'ops', event: 'incident.opened', incidentId: incident.id, payload: '{"event":"incident.opened"}', state: 'pending', attempts: 2, nextAttemptAt: Date.now() - 1_000, createdAt: Date.now() - 60_000 });
    const notifier = notifierFor(store, [webhook(receiver.url)]);
    await notifier.start();
    await vi.waitFor(async () => expect((await deliveryStates(store))[0]?.state).toBe('delivered'));
    expect((await store.webhooks.list())[0]!.attempts).toBe(3);
    expect(receiver.received[0]!.body).toBe('{"event":"incident.opened"}');
    expect(receiver.received[0]!.signatureValid).toBe(true);
  });

  it('starts a failed delivery over on request', async () => {
    const receiver = await startReceiver([500, 200]);
    cleanups.push(receiver.close);
    const store = createMemoryStore();
    const notifier = notifierFor(store, [webhook(receiver.url)], { maxAttempts: 1 });
    await notifier.notify('incident.opened', incident);
    await vi.waitFor(async () => expect((await deliveryStates(store))[0]?.state).toBe('failed'));
    const [failed] = await store.webhooks.list();
    expect(await notifier.redeliver('unknown')).toBeUndefined();
    expect((await notifier.redeliver(failed!.id))?.state).toBe('pending');
    await vi.waitFor(async () => expect((await deliveryStates(store))[0]?.state).toBe('delivered'));
  });

  it('reads its settings from the notifications block', () => {
    const config = notificationsConfigSchema.parse({ webhooks: [{ name: 'ops', url: 'https://hooks.example.com/x', secret: '' }], max_attempts: 3 });
    expect(config.webhooks[0]).toEqual({ name: 'ops', url: 'https://hooks.example.com/x', secret: undefined, format: 'json' });
    expect(webhookNotifierSettings(config)).toMatchObject({ maxAttempts: 3, baseDelayMs: 2_000, maxDelayMs: 300_000, timeoutMs: 10_000 });
    expect(notificationsConfigSchema.parse(undefined)).toMatchObject({ webhooks: [], max_attempts: 6 });
    const duplicate = notificationsConfigSchema.safeParse({ webhooks: [{ name: 'a', url: 'https://x.example' }, { name: 'a', url: 'https://y.example' }] });
    expect(duplicate.success).toBe(false);
    expect(notificationsConfigSchema.safeParse({ webhooks: [{ name: 'a', url: 'ftp://x.example' }] }).success).toBe(false);
  });
});
