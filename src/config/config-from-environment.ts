import { ConfigError } from '../errors/index.js';
import { resolveFrontDoor } from '../http/front-door-config.js';
import { DEFAULT_RESILIENCE } from '../resilience/resilience-options.js';
import { configSchema, type ConfigFile } from './config-schema.js';
import type { ResolvedConfig, ResolvedProvider, ResolvedRoute } from './resolved-config.js';

interface EnvironmentProvider {
  name: string;
  keyVariable: string;
  type: ResolvedProvider['type'];
  baseUrl: string;
  /** Variable that overrides the base URL. Not ANTHROPIC_BASE_URL: that one points clients at Lifeline. */
  baseUrlVariable: string;
  /** The type's own settings (`preset`), as a file would write them. */
  settings?: Record<string, unknown>;
  /** Client model names this provider serves first. */
  patterns: string[];
}

/** Providers recognised from well-known API key variables, in fallback order. */
const KNOWN_PROVIDERS: EnvironmentProvider[] = [
  { name: 'anthropic', keyVariable: 'ANTHROPIC_API_KEY', type: 'anthropic', baseUrl: 'https://api.anthropic.com', baseUrlVariable: 'LIFELINE_ANTHROPIC_BASE_URL', patterns: ['claude-*'] },
  { name: 'openai', keyVariable: 'OPENAI_API_KEY', type: 'openai', baseUrl: 'https://api.openai.com/v1', baseUrlVariable: 'LIFELINE_OPENAI_BASE_URL', patterns: ['gpt-*', 'o1*', 'o3*', 'o4*', 'chatgpt-*'] },
  { name: 'groq', keyVariable: 'GROQ_API_KEY', type: 'openai-compatible', settings: { preset: 'groq' }, baseUrl: 'https://api.groq.com/openai/v1', baseUrlVariable: 'LIFELINE_GROQ_BASE_URL', patterns: [] },
  { name: 'deepseek', keyVariable: 'DEEPSEEK_API_KEY', type: 'openai-compatible', settings: { preset: 'deepseek' }, baseUrl: 'https://api.deepseek.com/v1', baseUrlVariable: 'LIFELINE_DEEPSEEK_BASE_URL', patterns: ['deepseek-*'] },
  { name: 'mistral', keyVariable: 'MISTRAL_API_KEY', type: 'openai-compatible', settings: { preset: 'mistral' }, baseUrl: 'https://api.mistral.ai/v1', baseUrlVariable: 'LIFELINE_MISTRAL_BASE_URL', patterns: ['mistral-*', 'codestral-*'] },
  { name: 'together', keyVariable: 'TOGETHER_API_KEY', type: 'openai-compatible', settings: { preset: 'together' }, baseUrl: 'https://api.together.xyz/v1', baseUrlVariable: 'LIFELINE_TOGETHER_BASE_URL', patterns: [] },
  { name: 'openrouter', keyVariable: 'OPENROUTER_API_KEY', type: 'openai-compatible', settings: { preset: 'openrouter' }, baseUrl: 'https://openrouter.ai/api/v1', baseUrlVariable: 'LIFELINE_OPENROUTER_BASE_URL', patterns: [] },
];

/** Cross-provider fallback models used when both big providers have keys. */
const FALLBACK_MODEL: Record<string, string> = { anthropic: 'claude-sonnet-4-5', openai: 'gpt-5' };

/**
 * With no config file: one provider per API key found in the environment, routes for their own
 * model families, and the other big provider as the fallback. Keys may list several values
 * separated by commas.
 */
export function configFromEnvironment(env: NodeJS.ProcessEnv): ResolvedConfig {
  const providers: Record<string, ResolvedProvider> = {};
  const notes: string[] = [];
  for (const known of KNOWN_PROVIDERS) {
    const keys = (env[known.keyVariable] ?? '').split(',').map((key) => key.trim()).filter(Boolean);
    if (keys.length === 0) continue;
    providers[known.name] = {
      name: known.name,
      type: known.type,
      baseUrl: env[known.baseUrlVariable] || known.baseUrl,
      keys,
      headers: {},
      timeouts: {},
      models: [],
      ...(known.settings ? { settings: known.settings } : {}),
    };
    notes.push(`found ${known.keyVariable} (${keys.length} key(s)): provider ${known.name} at ${providers[known.name]!.baseUrl}`);
  }
  const found = KNOWN_PROVIDERS.filter((known) => providers[known.name]);
  const routes: ResolvedRoute[] = [];
  for (const known of found) {
    for (const pattern of known.patterns) {
      const others = found.filter((other) => other !== known && FALLBACK_MODEL[other.name]);
      routes.push({
        pattern,
        targets: [{ provider: known.name, model: '*' }, ...others.map((other) => ({ provider: other.name, model: FALLBACK_MODEL[other.name]! }))],
        longContext: [],
        resilience: DEFAULT_RESILIENCE,
      });
    }
  }
  if (found.length > 0) {
    // Anything else goes to the first provider found, under the name the client asked for.
    routes.push({ pattern: '*', targets: [{ provider: found[0]!.name, model: '*' }], longContext: [], resilience: DEFAULT_RESILIENCE });
  } else {
    notes.push('no config file and no provider API key in the environment (ANTHROPIC_API_KEY, OPENAI_API_KEY, ...): Lifeline runs but every model request gets 404; see README "Configuration"');
  }
  // The feature blocks with every default, as an empty block in a file would give.
  const blocks = defaultBlocks(env);
  return {
    server: {
      host: env.LIFELINE_HOST || '127.0.0.1',
      port: env.LIFELINE_PORT ? Number.parseInt(env.LIFELINE_PORT, 10) : 4000,
      maxBodyBytes: 32 * 1024 * 1024,
      ...resolveFrontDoor(blocks.server),
    },
    providers,
    routes,
    resilience: DEFAULT_RESILIENCE,
    ...pickFeatureBlocks(blocks),
    storage: { path: env.LIFELINE_STORAGE_PATH || '.lifeline/lifeline.db' },
    logging: { level: env.LIFELINE_LOG_LEVEL || 'info' },
    source: 'environment',
    notes,
  };
}

/** Every block at its defaults, with the admin token from LIFELINE_ADMIN_TOKEN; a bad token is a config error naming the variable. */
function defaultBlocks(env: NodeJS.ProcessEnv): ConfigFile {
  const parsed = configSchema.safeParse({ admin: env.LIFELINE_ADMIN_TOKEN ? { token: env.LIFELINE_ADMIN_TOKEN } : {} });
  if (!parsed.success) throw new ConfigError('the environment is invalid', parsed.error.issues.map((issue) => `LIFELINE_ADMIN_TOKEN (admin.token): ${issue.message}`));
  return parsed.data;
}

function pickFeatureBlocks(file: ConfigFile): Pick<ConfigFile, 'limits' | 'health' | 'incidents' | 'notifications' | 'admin' | 'status' | 'deferred' | 'responses'> {
  return { deferred: file.deferred, responses: file.responses, limits: file.limits, health: file.health, incidents: file.incidents, notifications: file.notifications, admin: file.admin, status: file.status };
}
