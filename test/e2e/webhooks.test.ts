import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { verifySignature } from '../../src/notifications/webhook-signature.js';
import { healthBlock, primaryAndFallback, QUICK_BREAKER, startStack, type Stack } from '../support/outage-stack.js';
import { startSteadyTraffic, type SteadyTraffic } from '../support/steady-traffic.js';
import { seconds, waitUntil } from '../support/wait-until.js';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * Webhooks end to end: a real outage through a real Lifeline opens an incident, and local
 * receivers get signed notifications; a receiver that fails twice gets it on the third attempt,
 * and one that always fails shows up in the admin API.
 */

const OPS_SECRET = 'whsec-ops-7f3a9c';
const FLAKY_SECRET = 'whsec-flaky-1b2d';
const BROKEN_SECRET = 'whsec-broken-0e0e';
const ADMIN_TOKEN = 'admin-token-webhooks';
const MAX_ATTEMPTS = 3;
const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

const payloadSchema = z
  .object({
    event: z.enum(['incident.opened', 'incident.updated', 'incident.resolved']),
    sent_at: z.string(),
    incident: z
      .object({
        id: z.string(),
        name: z.string(),
        status: z.string(),
        impact: z.string(),
        resolved_at: z.string().nullable(),
        automatic: z.boolean(),
        incident_updates: z.array(z.object({ status: z.string(), body: z.string(), automatic: z.boolean() }).loose()).min(1),
        components: z.array(z.object({ id: z.string(), status: z.string() }).loose()),
      })
      .loose(),
  })
  .loose();

const deliveriesSchema = z.object({
  deliveries: z.array(
    z
      .object({
        id: z.string(),
        webhook: z.string(),
        event: z.string(),
        incidentId: z.string(),
        state: z.enum(['pending', 'delivered', 'failed']),
        attempts: z.number(),
        lastStatus: z.number().optional(),
        lastError: z.string().optional(),
      })
      .loose(),
  ),
});

let stack: Stack;
let traffic: SteadyTraffic;
let ops: WebhookReceiver;
let flaky: WebhookReceiver;
let broken: WebhookReceiver;

beforeAll(async () => {
  ops = await startWebhookReceiver();
  flaky = await startWebhookReceiver((attempt) => (attempt <= 2 ? 500 : 200));
  broken = await startWebhookReceiver(() => 503);
  stack = await startStack({
    ...primaryAndFallback(),
    config: {
      health: healthBlock(),
      incidents: { open_after_ms: 1_000, resolve_after_ms: 1_000 },
      resilience: QUICK_BREAKER,
      admin: { token: ADMIN_TOKEN },
      notifications: {
        webhooks: [
          { name: 'ops', url: ops.url, secret: OPS_SECRET, format: 'json' },
          { name: 'flaky', url: flaky.url, secret: FLAKY_SECRET, format: 'json', events: ['incident.opened'] },
          { name: 'broken', url: broken.url, secret: BROKEN_SECRET, format: 'json', events: ['incident.opened'] },
        ],
        max_attempts: MAX_ATTEMPTS,
        base_delay_ms: 100,
        max_delay_ms: 400,
        timeout_ms: 2_000,
      },
    },
  });
  traffic = startSteadyTraffic({ baseUrl: stack.lifeline.url, model: 'claude-hooks', ratePerSecond: 4 });
});

afterAll(async () => {
  await traffic?.stop();
  await stack?.close();
  await Promise.all([ops, flaky, broken].map((receiver) => receiver?.close()));
});

/** The first delivery of `event` the receiver accepted, parsed. */
function accepted(receiver: WebhookReceiver, event: string): { raw: ReceivedWebhook; payload: z.infer<typeof payloadSchema> } | undefined {
  const raw = receiver.received.find((delivery) => delivery.event === event && delivery.status === 200);
  return raw ? { raw, payload: payloadSchema.parse(JSON.parse(raw.rawBody)) } : undefined;
}

async function adminDeliveries(state: string): Promise<z.infer<typeof deliveriesSchema>['deliveries']> {
  const response = await fetch(`${stack.lifeline.url}/admin/webhooks/deliveries?state=${state}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  for (const secret of [OPS_SECRET, FLAKY_SECRET, BROKEN_SECRET]) expect(text).not.toContain(secret);
  return deliveriesSchema.parse(JSON.parse(text)).deliveries;
}

describe('incident webhooks end to end', () => {
  it(
    'an outage opens an incident: signed incident.opened, retries to a flaky receiver, failures in the admin API, then a signed incident.resolved',
    async () => {
      await waitUntil(() => (traffic.results.some((result) => result.status === 200) ? true : undefined), { timeoutMs: 5_000, description: 'traffic answered' });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const faultAt = Date.now();
      stack.sims.primary!.control.addFault({ kind: 'status', status: 529, persistent: true });

      // incident.opened reaches the receiver, signed with its secret over the exact bytes sent.
      const opened = await waitUntil(() => accepted(ops, 'incident.opened'), { timeoutMs: 20_000, description: 'incident.opened at the ops receiver' });
      const { raw, payload } = opened.value;
      expect(verifySignature(raw.rawBody, raw.signature, OPS_SECRET, SIGNATURE_TOLERANCE_MS)).toBe(true);
      // The check is real: another secret, or one changed byte, fails it.
      expect(verifySignature(raw.rawBody, raw.signature, FLAKY_SECRET, SIGNATURE_TOLERANCE_MS)).toBe(false);
      expect(verifySignature(raw.rawBody.replace('"investigating"', '"resolved"'), raw.signature, OPS_SECRET, SIGNATURE_TOLERANCE_MS)).toBe(false);
      expect(raw.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(payload.event).toBe('incident.opened');
      expect(payload.incident).toMatchObject({ status: 'investigating', automatic: true, resolved_at: null });
      expect(payload.incident.name).toContain('primary');
      expect(payload.incident.components.map((component) => component.id)).toContain('provider:primary');
      expect(payload.incident.incident_updates[0]?.body).toMatch(/overloaded/);
      expect(raw.rawBody).not.toContain(OPS_SECRET);

      // The flaky receiver answered 500 twice; the third attempt delivered the same, validly signed, body.
      const flakyDelivered = await waitUntil(() => accepted(flaky, 'incident.opened'), { timeoutMs: 10_000, description: 'incident.opened delivered to the flaky receiver' });
      const flakyAttempts = flaky.received.filter((delivery) => delivery.deliveryId === flakyDelivered.value.raw.deliveryId);
      expect(flakyAttempts.map((delivery) => delivery.status)).toEqual([500, 500, 200]);
      for (const attempt of flakyAttempts) expect(verifySignature(attempt.rawBody, attempt.signature, FLAKY_SECRET, SIGNATURE_TOLERANCE_MS)).toBe(true);
      expect(flakyDelivered.value.payload.incident.id).toBe(payload.incident.id);
      const retryGapsMs = flakyAttempts.slice(1).map((attempt, index) => attempt.receivedAt - flakyAttempts[index]!.receivedAt);
      for (const gapMs of retryGapsMs) expect(gapMs).toBeGreaterThanOrEqual(40);

      // The receiver that always fails: after max_attempts the delivery is failed, and admins see it.
      const failed = await waitUntil(
        async () => (await adminDeliveries('failed')).find((delivery) => delivery.webhook === 'broken'),
        { timeoutMs: 10_000, description: 'a failed delivery to broken in the admin API' },
      );
      expect(failed.value).toMatchObject({ event: 'incident.opened', incidentId: payload.incident.id, state: 'failed', attempts: MAX_ATTEMPTS, lastStatus: 503 });
      expect(failed.value.lastError).toContain('503');
      expect(failed.value).not.toHaveProperty('payload');
      expect(broken.received.filter((delivery) => delivery.event === 'incident.opened')).toHaveLength(MAX_ATTEMPTS);
      expect((await adminDeliveries('failed')).map((delivery) => delivery.webhook)).not.toContain('flaky');
      expect(await adminDeliveries('delivered')).toEqual(
        expect.arrayContaining([expect.objectContaining({ webhook: 'flaky', state: 'delivered', attempts: 3, lastStatus: 200 })]),
      );
      const unauthorised = await fetch(`${stack.lifeline.url}/admin/webhooks/deliveries?state=failed`);
      expect(unauthorised.status).toBe(401);

      // Recovery: incident.resolved, for the same incident, signed too.
      const recoveredAt = Date.now();
      stack.sims.primary!.control.clearFaults();
      const resolved = await waitUntil(() => accepted(ops, 'incident.resolved'), { timeoutMs: 30_000, description: 'incident.resolved at the ops receiver' });
      expect(verifySignature(resolved.value.raw.rawBody, resolved.value.raw.signature, OPS_SECRET, SIGNATURE_TOLERANCE_MS)).toBe(true);
      expect(resolved.value.payload.incident).toMatchObject({ id: payload.incident.id, status: 'resolved' });
      expect(resolved.value.payload.incident.resolved_at).not.toBeNull();
      const events = ops.received.filter((delivery) => delivery.status === 200).map((delivery) => delivery.event);
      expect(events[0]).toBe('incident.opened');
      expect(events.at(-1)).toBe('incident.resolved');
      // Only the ops receiver asked for more than incident.opened.
      expect(flaky.received.every((delivery) => delivery.event === 'incident.opened')).toBe(true);

      console.log(
        `[webhooks] incident.opened at the receiver ${seconds(opened.atMs - faultAt)} s after the fault (open_after_ms 1000); ` +
          `flaky receiver delivered on attempt 3 after gaps of ${retryGapsMs.join(' ms, ')} ms; ` +
          `always-failing receiver failed after ${MAX_ATTEMPTS} attempts; incident.resolved ${seconds(resolved.atMs - recoveredAt)} s after recovery; events at ops: ${events.join(', ')}`,
      );
    },
    60_000,
  );
});
