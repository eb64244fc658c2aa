import { z } from 'zod';
import { adminConfigSchema } from '../admin/admin-config.js';
import { healthConfigSchema } from '../health/health-config.js';
import { frontDoorConfigShape } from '../http/front-door-config.js';
import { incidentsConfigSchema } from '../incidents/incidents-config.js';
import { limitsConfigSchema } from './limits-config.js';
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

const providerTypes = ['anthropic', 'openai', 'openai-compatible', 'bedrock'] as const;

/**
 * Fields only some provider types take, and the ones a type requires. A field set on a type that
 * does not take it is an error (`providers.x.region: bedrock only`), so a cloud setting can never
 * silently do nothing on the wrong provider.
 */
const TYPE_FIELDS: Record<(typeof providerTypes)[number], { required: readonly string[]; allowed: readonly string[] }> = {
  anthropic: { required: ['base_url'], allowed: ['base_url', 'keys', 'anthropic_version', 'default_max_tokens'] },
  openai: { required: ['base_url'], allowed: ['base_url', 'keys', 'quirks'] },
  'openai-compatible': { required: ['base_url'], allowed: ['base_url', 'keys', 'preset', 'quirks'] },
  bedrock: { required: ['region'], allowed: ['region', 'endpoint', 'profile', 'access_key_id', 'secret_access_key', 'session_token', 'default_max_tokens'] },
};

/** Fields every provider type takes. */
const COMMON_FIELDS = new Set(['type', 'headers', 'timeouts', 'models', 'model_map', 'status_page_url']);

/** One upstream provider. Unknown keys are rejected so a typo never silently does nothing. */
export const providerSchema = z
  .object({
    type: z.enum(providerTypes, { error: `expected one of ${providerTypes.join(', ')}` }),
    /** Required by the HTTP API types; cloud types build theirs from `region` (or take `endpoint`). */
    base_url: z.url({ error: 'expected a URL such as https://api.anthropic.com' }).optional(),
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
    /** anthropic, bedrock: max_tokens for translated requests that set none. */
    default_max_tokens: z.number().int().positive().optional(),
    /**
     * Model names this provider knows by another id: `{ claude-sonnet-4-5: eu.anthropic.claude-… }`.
     * Wins over the built-in Claude table (providers/claude-models/claude-model-ids.ts); on any type.
     */
    model_map: z.record(z.string().min(1), z.string().min(1)).optional(),
    /** bedrock: the AWS region (`us-east-1`), which also names the endpoint and signs requests. */
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { error: 'expected an AWS region such as us-east-1' }).optional(),
    /** bedrock: replaces `https://bedrock-runtime.REGION.amazonaws.com`, as the AWS SDKs' endpoint override does. */
    endpoint: z.url({ error: 'expected a URL such as https://bedrock-runtime.us-east-1.amazonaws.com' }).optional(),
    /** bedrock: the shared config/credentials profile to read credentials from (default: the AWS chain's own choice). */
    profile: z.string().min(1).optional(),
    /** bedrock: static credentials, instead of the AWS credential chain. */
    access_key_id: z.string().min(1).optional(),
    secret_access_key: z.string().min(1).optional(),
    session_token: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((provider, context) => {
    const rules = TYPE_FIELDS[provider.type];
    for (const field of rules.required) {
      if ((provider as Record<string, unknown>)[field] === undefined) context.addIssue({ code: 'custom', path: [field], message: `required for type ${provider.type}` });
    }
    for (const [field, value] of Object.entries(provider)) {
      if (value === undefined || COMMON_FIELDS.has(field) || rules.allowed.includes(field)) continue;
      const takers = providerTypes.filter((type) => TYPE_FIELDS[type].allowed.includes(field));
      context.addIssue({ code: 'custom', path: [field], message: `not a setting of type ${provider.type} (only ${takers.join(', ')})` });
    }
    if ((provider.access_key_id === undefined) !== (provider.secret_access_key === undefined)) {
      context.addIssue({ code: 'custom', path: [provider.access_key_id === undefined ? 'access_key_id' : 'secret_access_key'], message: 'access_key_id and secret_access_key go together' });
    }
    if (provider.session_token !== undefined && provider.access_key_id === undefined) {
      context.addIssue({ code: 'custom', path: ['session_token'], message: 'a session token needs access_key_id and secret_access_key' });
    }
    if (provider.profile !== undefined && provider.access_key_id !== undefined) {
      context.addIssue({ code: 'custom', path: ['profile'], message: 'set either profile or static keys, not both' });
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
