import { z } from 'zod';
import { adminConfigSchema } from '../admin/admin-config.js';
import { healthConfigSchema } from '../health/health-config.js';
import { frontDoorConfigShape } from '../http/front-door-config.js';
import { incidentsConfigSchema } from '../incidents/incidents-config.js';
import { limitsConfigSchema } from './limits-config.js';
import { deferredConfigSchema } from '../deferred/deferred-config.js';
import { responseStoreConfigSchema } from '../response-store/response-store-config.js';
import { degradeConfigSchema } from '../degrade/degrade-config.js';
import { notificationsConfigSchema } from '../notifications/notifications-config.js';
import { stateConfigSchema } from '../shared-state/state-config.js';
import { storageConfigSchema } from '../store/storage-config.js';
import { describeType, PROVIDER_TYPES, providerSettingsShape, settingsIssues } from '../providers/registry.js';
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

/**
 * One upstream provider: the keys every type reads, then each type's own (providers/<type>/<type>-provider.ts).
 * Unknown keys are rejected so a typo never silently does nothing.
 */
export const providerSchema = z
  .object({
    type: z.enum(PROVIDER_TYPES, { error: `expected one of ${PROVIDER_TYPES.join(', ')}` }),
    /** Required, except for a cloud type that builds its endpoint from its settings (`region`). */
    base_url: z.url({ error: 'expected a URL such as https://api.anthropic.com' }).optional(),
    keys: z.array(z.string()).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    timeouts: timeoutsSchema.optional(),
    /** Models this provider serves, for /v1/models and glob expansion. */
    models: z.array(z.string().min(1)).optional(),
    /**
     * The provider's official Statuspage v2 `summary.json`, polled and shown beside Lifeline's own
     * verdict. Defaults: Anthropic's and OpenAI's public pages by type; none for compatible servers.
     * `false` turns polling off.
     */
    status_page_url: z.union([z.url(), z.literal(false)]).optional(),
    /**
     * Model names this provider knows by another id: `{ claude-sonnet-4-5: eu.anthropic.claude-… }`.
     * Wins over the built-in Claude table (providers/claude-models/claude-model-ids.ts); on any type.
     */
    model_map: z.record(z.string().min(1), z.string().min(1)).optional(),
    ...providerSettingsShape(),
  })
  .strict()
  .superRefine((provider, context) => {
    const { type, base_url, keys: _keys, headers: _headers, timeouts: _timeouts, models: _models, status_page_url: _statusPage, model_map: _modelMap, ...settings } = provider;
    const own = describeType(type).settings;
    for (const [key, value] of Object.entries(settings)) {
      if (value === undefined || Object.hasOwn(own, key)) continue;
      // A setting of another type would silently do nothing here.
      const takers = PROVIDER_TYPES.filter((other) => Object.hasOwn(describeType(other).settings, key));
      context.addIssue({ code: 'custom', path: [key], message: `not a setting of type ${type} (only ${takers.join(', ')})` });
    }
    for (const issue of settingsIssues(type, settings)) context.addIssue({ code: 'custom', path: [issue.key], message: issue.message });
    if (base_url === undefined && !describeType(type).defaultBaseUrl) {
      context.addIssue({ code: 'custom', path: ['base_url'], message: `required for type ${type}` });
    }
  });

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
        /** On SIGTERM, how long in-flight requests and streams may take to finish before they are cut. */
        shutdown_grace_ms: z.number().int().min(0).max(600_000).default(30_000),
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
    /** Stored Responses API responses (`previous_response_id`, `GET /v1/responses/{id}`): TTL and size cap. */
    responses: responseStoreConfigSchema,
    /** SQLite file (`path`, default) or PostgreSQL (`url`); see README "Production". */
    storage: storageConfigSchema,
    /** Routing state shared by a fleet through Redis (`redis_url`); see README "Production". */
    state: stateConfigSchema,
    logging: z
      .object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
      .strict()
      .default({ level: 'info' }),
  })
  .strict();

/** The configuration file as written (after `${VAR}` substitution). */
export type ConfigFile = z.infer<typeof configSchema>;
export type ProviderConfig = z.infer<typeof providerSchema>;
