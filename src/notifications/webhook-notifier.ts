import type { Logger } from 'pino';
import { systemClock, type Clock } from '../core/clock.js';
import type { Incident, LifelineStore, WebhookDelivery } from '../store/store.js';
import { buildWebhookPayload } from './incident-payload.js';
import type { NotificationsConfig, WebhookConfig, WebhookEvent } from './notifications-config.js';
import type { Notifier } from './notifier.js';
import { buildSlackPayload } from './slack-payload.js';
import { equalJitterBackoffMs, postSigned, type SignedPostOutcome } from './post-signed.js';

export interface WebhookNotifierOptions {
  store: Pick<LifelineStore, 'webhooks'>;
  webhooks: readonly WebhookConfig[];
  /** Attempts per delivery, the first included (default 6). */
  maxAttempts?: number;
  /** Ceiling of the first retry's delay; doubles per retry (default 2 000 ms). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** One attempt's time limit (default 10 000 ms). */
  timeoutMs?: number;
  /** Public base URL of this Lifeline, for the payload's `shortlink`. */
  publicUrl?: string;
  clock?: Clock;
  /** Injected for tests; the global (undici) fetch by default. */
  fetch?: typeof fetch;
  /** Jitter source, 0..1. */
  random?: () => number;
  logger?: Pick<Logger, 'warn' | 'info'>;
}

/** Sends incident notifications to webhooks, in the background, with retries that survive a restart. */
export interface WebhookNotifier extends Notifier {
  /** Resumes pending deliveries left in the store (after a restart). */
  start(): Promise<void>;
  /** Cancels timers and aborts attempts in flight; their deliveries stay pending for the next start. */
  stop(): void;
  /** Resolves when no attempt is in flight (tests, graceful shutdown). */
  settled(): Promise<void>;
  /** Starts a failed delivery over (a fresh series of attempts); undefined when no failed delivery has that id. */
  redeliver(deliveryId: string): Promise<WebhookDelivery | undefined>;
}

/** The notifier settings of a parsed `notifications:` block. */
export function webhookNotifierSettings(config: NotificationsConfig): Omit<WebhookNotifierOptions, 'store'> {
  return {
    webhooks: config.webhooks,
    maxAttempts: config.max_attempts,
    baseDelayMs: config.base_delay_ms,
    maxDelayMs: config.max_delay_ms,
    timeoutMs: config.timeout_ms,
    ...(config.public_url ? { publicUrl: config.public_url } : {}),
  };
}

/**
 * Webhook notifications: every event becomes one stored delivery per interested webhook, sent as
 * JSON (or a Slack message) signed with `x-lifeline-signature`, and retried with exponential
 * backoff and jitter on network errors and non-2xx answers. Each attempt is recorded on the
 * delivery, so failures show in the admin API. Timers are unref'd: a pending retry never keeps
 * the process alive, and `start()` picks it up after a restart.
 * @example
 * const notifier = createWebhookNotifier({ store, ...webhookNotifierSettings(config.notifications) });
 * await notifier.start();
 */
export function createWebhookNotifier(options: WebhookNotifierOptions): WebhookNotifier {
  const { store, logger } = options;
  const clock = options.clock ?? systemClock;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const random = options.random ?? Math.random;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 6);
  const baseDelayMs = options.baseDelayMs ?? 2_000;
  const maxDelayMs = Math.max(baseDelayMs, options.maxDelayMs ?? 300_000);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const webhooksByName = new Map(options.webhooks.map((webhook) => [webhook.name, webhook]));
  const timers = new Map<string, NodeJS.Timeout>();
  const inFlight = new Map<string, Promise<void>>();
  let stopping = new AbortController();
  let stopped = false;

  function schedule(delivery: WebhookDelivery, delayMs: number): void {
    if (stopped || timers.has(delivery.id) || inFlight.has(delivery.id)) return;
    const timer = setTimeout(() => {
      timers.delete(delivery.id);
      const attempt = sendOnce(delivery)
        .catch((error: unknown) => {
          logger?.warn({ err: error, deliveryId: delivery.id, webhook: delivery.webhook }, 'webhook delivery bookkeeping failed');
          return undefined;
        })
        .then((retry) => {
          inFlight.delete(delivery.id);
          if (retry) schedule(retry.delivery, retry.delayMs);
        });
      inFlight.set(delivery.id, attempt);
    }, Math.max(0, delayMs));
    timer.unref();
    timers.set(delivery.id, timer);
  }

  /** One attempt and its record; returns the retry to schedule, if any. */
  async function sendOnce(delivery: WebhookDelivery): Promise<{ delivery: WebhookDelivery; delayMs: number } | undefined> {
    const webhook = webhooksByName.get(delivery.webhook);
    if (!webhook) {
      await store.webhooks.update(delivery.id, { state: 'failed', lastError: 'this webhook is no longer configured', nextAttemptAt: undefined });
      return undefined;
    }
    const attempts = delivery.attempts + 1;
    const outcome = await post(webhook, delivery);
    if (outcome === 'stopped') return undefined;
    const now = clock.now();
    if (outcome.ok) {
      await store.webhooks.update(delivery.id, { state: 'delivered', attempts, lastStatus: outcome.status, lastError: undefined, nextAttemptAt: undefined, deliveredAt: now });
      return undefined;
    }
    if (attempts >= maxAttempts) {
      await store.webhooks.update(delivery.id, { state: 'failed', attempts, lastStatus: outcome.status, lastError: outcome.error, nextAttemptAt: undefined });
      logger?.warn({ deliveryId: delivery.id, webhook: webhook.name, event: delivery.event, attempts, lastError: outcome.error }, 'webhook delivery failed for good');
      return undefined;
    }
    let delayMs = backoffMs(attempts - 1);
    if (outcome.retryAfterMs !== undefined) delayMs = Math.max(delayMs, Math.min(outcome.retryAfterMs, maxDelayMs));
    const updated = await store.webhooks.update(delivery.id, {
      state: 'pending',
      attempts,
      lastStatus: outcome.status,
      lastError: outcome.error,
      nextAttemptAt: now + delayMs,
    });
    return { delivery: updated, delayMs };
  }

  function post(webhook: WebhookConfig, delivery: WebhookDelivery): Promise<SignedPostOutcome> {
    return postSigned({
      url: webhook.url,
      body: delivery.payload,
      headers: { 'x-lifeline-event': delivery.event, 'x-lifeline-delivery': delivery.id },
      secret: webhook.secret,
      nowMs: clock.now(),
      timeoutMs,
      stopping: stopping.signal,
      fetch: fetchImpl,
      userAgent: 'lifeline-webhooks/1',
    });
  }

  function backoffMs(retryIndex: number): number {
    return equalJitterBackoffMs(retryIndex, baseDelayMs, maxDelayMs, random);
  }

  return {
    async notify(event: WebhookEvent, incident: Incident) {
      const now = clock.now();
      for (const webhook of options.webhooks) {
        if (webhook.events && !webhook.events.includes(event)) continue;
        const publicUrl = options.publicUrl;
        const body = webhook.format === 'slack'
          ? buildSlackPayload(event, incident, publicUrl ? { publicUrl } : {})
          : buildWebhookPayload(event, incident, { nowMs: now, ...(publicUrl ? { publicUrl } : {}) });
        const delivery = await store.webhooks.create({
          webhook: webhook.name,
          event,
          incidentId: incident.id,
          payload: JSON.stringify(body),
          state: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          createdAt: now,
        });
        schedule(delivery, 0);
      }
    },
    async start() {
      stopped = false;
      if (stopping.signal.aborted) stopping = new AbortController();
      const now = clock.now();
      for (const delivery of await store.webhooks.list({ state: 'pending', limit: 1000 })) {
        schedule(delivery, (delivery.nextAttemptAt ?? now) - now);
      }
    },
    stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      stopping.abort();
    },
    async redeliver(deliveryId: string) {
      const failed = await store.webhooks.list({ state: 'failed', limit: 1000 });
      if (!failed.some((delivery) => delivery.id === deliveryId)) return undefined;
      const now = clock.now();
      const delivery = await store.webhooks.update(deliveryId, { state: 'pending', attempts: 0, nextAttemptAt: now });
      schedule(delivery, 0);
      return delivery;
    },
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight.values()]);
    },
  };
}
