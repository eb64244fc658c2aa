import { z } from 'zod';
import { adminConfigSchema } from '../admin/admin-config.js';
import { healthConfigSchema } from '../health/health-config.js';
import { frontDoorConfigShape } from '../http/front-door-config.js';
import { incidentsConfigSchema } from '../incidents/incidents-config.js';
import { limitsConfigSchema } from './limits-config.js';
import { deferredConfigSchema } from '../deferred/deferred-config.js';
import { degradeConfigSchema } from '../degrade/degrade-config.js';
import { notificationsConfigSchema } from '../notifications/notifications-config.js';
import { storageConfigSchema } from '../store/storage-config.js';
import { resilienceConfigSchema, resilienceOverrideSchema } from '../resilience/resilience-options.js';

/** Per-phase upstream timeouts; omitted phases use the defaults in providers/shared/upstream-client.ts. */
const timeoutsSchema = z
  .object({
    connect_ms: z.number().int().positive().optional(),
    first_byte_ms: z.number().int().positive().optional(),
    idle_ms: z.number().int().positive().optional(),
    stream_max_ms: z.number().int().positive().optional(),
  })
  .strict();

const providerTypes = ['anthropic', 'openai', 'openai-compatible'] as const;

/** One upstream provider. Unknown keys are rejected so a typo never silently does nothing. */
export const providerSchema = z
  .object({
    type: z.enum(providerTypes, { error: `expected one of ${providerTypes.join(', ')}` }),
    base_url: z.url({ error: 'expected a URL such as https://api.anthropic.com' }),
    keys: z.array(z.string()).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    timeouts: timeoutsSchema.optional(),
    /** Models this provider serves, for /v1/models and glob expansion. */
    models: z.array(z.string().min(1)).optional(),
    /** openai-compatible only: a named preset of quirks (ollama, vllm, groq, ...). */
    preset: z.string().optional(),
    /** openai / openai-compatible: quirk overrides, camelCase as in OpenAIQuirks. */
    quirks: z.record(z.string(), z.unknown()).optional(),
    /** anthropic only: the API version sent on translated requests. */
    anthropic_version: z.string().optional(),
    /**
     * The provider's official Statuspage v2 `summary.json`, polled and shown beside Lifeline's own
     * verdict. Defaults: Anthropic's and OpenAI's public pages by type; none for compatible servers.
     * `false` turns polling off.
     */
    status_page_url: z.union([z.url(), z.literal(false)]).optional(),
    /** anthropic only: max_tokens for translated requests that set none. */
    default_max_tokens: z.number().int().positive().optional(),
  })
  .strict();

const targetSchema = z
  .string()
  .regex(/^[^/\s]+\/\S+$/, { error: 'expected "provider/model" (or "provider/*" for the requested name)' });

const targetListSchema = z.array(targetSchema).min(1, { error: 'a route needs at least one target' });

/**
 * A route: an ordered list of targets tried first to last, or an object that adds targets with a
 * larger context window (used only after a context_too_long failure) and per-route resilience.
 */
const routeSchema = z.union([
  targetListSchema,
  z
    .object({
      targets: targetListSchema,
      long_context: z.array(targetSchema).optional(),
      resilience: resilienceOverrideSchema.optional(),
      /** Defer every request of this route when all its targets fail (as `x-lifeline-defer: true`). */
      defer: z.boolean().optional(),
      /** What clients get when every target fails: a stale cached answer, a configured answer. */
      degrade: degradeConfigSchema.optional(),
    })
    .strict(),
]);

const statusPageSchema = z
  .object({
    /** Shown as the page's title and in the Statuspage API's `page.name`. */
    page_name: z.string().min(1).default('Lifeline'),
    /** Absolute base URL for links (incident shortlinks); default: the request's Host. */
    public_url: z.url().optional(),
    /** Serve the status page at `/` too. */
    root: z.boolean().default(true),
    /** Open clients of the live feed (`/api/lifeline/events`) at most; more get 503. */
    max_event_clients: z.number().int().positive().default(100),
  })
  .strict()
  .prefault({});

export const configSchema = z
  .object({
    server: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(4000),
        /** Largest request body accepted, in bytes (Anthropic's own limit is 32 MB). */
        max_body_bytes: z.number().int().positive().default(32 * 1024 * 1024),
        /** Browser origins and Host names allowed in, timeouts and connection caps (see README "Limits"). */
        ...frontDoorConfigShape,
      })
      .strict()
      .prefault({}),
    providers: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/, { error: 'provider names use letters, digits, _ . -' }), providerSchema).default({}),
    routes: z.record(z.string().min(1), routeSchema).default({}),
    /** Retries, breakers, key cooldowns, timeouts and hedging; every field optional (see README). */
    resilience: resilienceConfigSchema,
    /** How much of a provider's answer Lifeline holds (README "Operations → Limits"). */
    limits: limitsConfigSchema,
    /** Health verdicts: windows, probes, official status polling, thresholds (see README). */
    health: healthConfigSchema.prefault({}),
    /** Automatic incidents: debounce and recovery stretch. */
    incidents: incidentsConfigSchema,
    /** Webhooks on incident open/update/resolve. */
    notifications: notificationsConfigSchema,
    /** Admin API token (`Authorization: Bearer`); without one the admin API is off. */
    admin: adminConfigSchema,
    /** The public status page. */
    status: statusPageSchema,
    /** Deferred jobs: ttl, runner concurrency, leases, callbacks. */
    deferred: deferredConfigSchema,
    /** SQLite file (`path`, default) or PostgreSQL (`url`); see README "Production". */
    storage: storageConfigSchema,
    logging: z
      .object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
      .strict()
      .default({ level: 'info' }),
  })
  .strict();

/** The configuration file as written (after `${VAR}` substitution). */
export type ConfigFile = z.infer<typeof configSchema>;
export type ProviderConfig = z.infer<typeof providerSchema>;
export type ProviderType = (typeof providerTypes)[number];
