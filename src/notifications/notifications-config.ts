import { z } from 'zod';

/** Notification events, named like the webhook `x-lifeline-event` header. */
export const WEBHOOK_EVENTS = ['incident.opened', 'incident.updated', 'incident.resolved'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** `${VAR}` substitution turns an unset variable into '': treat that as "not configured". */
export const optionalSecret = z
  .string()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

/** One webhook receiver. */
export const webhookConfigSchema = z
  .object({
    /** Shown in the admin API and recorded on each delivery (the URL and secret never are). */
    name: z.string().regex(/^[A-Za-z0-9_.-]+$/, { error: 'webhook names use letters, digits, _ . -' }),
    url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
    /** HMAC-SHA256 key for `x-lifeline-signature`; without it deliveries are unsigned. */
    secret: optionalSecret,
    /** `json` (Lifeline's Statuspage-like payload) or `slack` (an incoming-webhook message). */
    format: z.enum(['json', 'slack']).default('json'),
    /** Which events to send; all when omitted. */
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).optional(),
  })
  .strict();

/** One configured webhook, defaults applied. */
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

/**
 * The top-level `notifications:` block: webhooks plus their retry policy.
 * @example notificationsConfigSchema.parse({ webhooks: [{ name: 'ops', url: 'https://hooks.example/x', secret: 's3cret' }] })
 */
export const notificationsConfigSchema = z
  .object({
    webhooks: z.array(webhookConfigSchema).default([]),
    /** Attempts per delivery, the first included. */
    max_attempts: z.number().int().min(1).max(20).default(6),
    /** Delay before the first retry; doubles each time (with jitter) up to `max_delay_ms`. */
    base_delay_ms: z.number().int().nonnegative().default(2_000),
    max_delay_ms: z.number().int().nonnegative().default(300_000),
    /** One attempt's time limit. */
    timeout_ms: z.number().int().positive().default(10_000),
    /** Public base URL of this Lifeline (e.g. https://status.example.com); gives payloads a `shortlink`. */
    public_url: z.url().optional(),
  })
  .strict()
  .superRefine((config, context) => {
    const seen = new Set<string>();
    for (const [index, webhook] of config.webhooks.entries()) {
      if (seen.has(webhook.name)) context.addIssue({ code: 'custom', path: ['webhooks', index, 'name'], message: `duplicate webhook name "${webhook.name}"` });
      seen.add(webhook.name);
    }
    if (config.max_delay_ms < config.base_delay_ms) context.addIssue({ code: 'custom', path: ['max_delay_ms'], message: 'max_delay_ms must be ≥ base_delay_ms' });
  })
  .prefault({});

/** Settings of notifications, defaults applied. */
export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;
