import type { ResolvedProvider } from '../config/resolved-config.js';
import type { ProviderType } from '../config/config-schema.js';
import { CLAUDE_MODEL_IDS, resolveCloudModel, type ClaudeCloud } from './claude-models/claude-model-ids.js';
import { labelCredentials } from './credentials.js';
import { createAnthropicAdapter } from './anthropic/anthropic-adapter.js';
import { createBedrockAdapter } from './bedrock/bedrock-adapter.js';
import { createOpenAIAdapter } from './openai/openai-adapter.js';
import { ConfigError } from '../errors/index.js';
import { createOpenAICompatibleAdapter, OPENAI_COMPATIBLE_PRESETS, type OpenAICompatiblePreset } from './openai-compatible/openai-compatible-adapter.js';
import { openAIQuirksSchema, type OpenAIQuirks } from './openai/openai-quirks.js';
import type { Credential, ProviderAdapter } from './provider-adapter.js';
import type { UpstreamLimits } from './shared/upstream-limits.js';
import { withModelIds } from './shared/with-model-ids.js';

/**
 * The one place that names every provider type. The adapter sends each model under the
 * provider's own id (see {@link targetModelId}); when nothing renames anything it is returned bare.
 */
export function createAdapter(provider: ResolvedProvider, limits?: UpstreamLimits): ProviderAdapter {
  const adapter = createBareAdapter(provider, limits);
  const renames = CLAUDE_CLOUD_OF[provider.type] !== undefined || Object.keys(provider.modelMap ?? {}).length > 0;
  return renames ? withModelIds(adapter, (name) => targetModelId(provider, name)) : adapter;
}

function createBareAdapter(provider: ResolvedProvider, limits?: UpstreamLimits): ProviderAdapter {
  const common = {
    id: provider.name,
    baseUrl: provider.baseUrl,
    headers: provider.headers,
    timeouts: dropUndefined(provider.timeouts),
    ...(limits ? { limits } : {}),
  };
  switch (provider.type) {
    case 'anthropic':
      return createAnthropicAdapter({
        ...common,
        ...(provider.anthropicVersion ? { anthropicVersion: provider.anthropicVersion } : {}),
        ...(provider.defaultMaxTokens ? { defaultMaxTokens: provider.defaultMaxTokens } : {}),
      });
    case 'openai':
      return createOpenAIAdapter({ ...common, ...(provider.quirks ? { quirks: checkQuirks(provider.name, provider.quirks) } : {}) });
    case 'openai-compatible':
      return createOpenAICompatibleAdapter({
        ...common,
        ...(provider.preset ? { preset: checkPreset(provider.name, provider.preset) } : {}),
        ...(provider.quirks ? { quirks: checkQuirks(provider.name, provider.quirks) } : {}),
      });
    case 'bedrock':
      if (!provider.aws) throw new ConfigError(`providers.${provider.name}.region: required for type bedrock`);
      return createBedrockAdapter({
        ...common,
        aws: provider.aws,
        ...(provider.defaultMaxTokens ? { defaultMaxTokens: provider.defaultMaxTokens } : {}),
      });
  }
}

/**
 * Which cloud's Claude ids a type sends. Such a type needs every model it is asked for to be
 * known (its `model_map` or the built-in table): the cloud would answer 404 for anything else.
 */
const CLAUDE_CLOUD_OF: Partial<Record<ProviderType, ClaudeCloud>> = { bedrock: 'bedrock' };

/**
 * Whether a type authenticates with the `keys` list: `required` (no key, no traffic), `optional`
 * (local servers that may need none) or `none` (the type brings its own credentials: a cloud's
 * signing or token chain, see {@link providerCredentials}).
 */
const KEY_USE: Record<ProviderType, 'required' | 'optional' | 'none'> = {
  anthropic: 'required',
  openai: 'required',
  'openai-compatible': 'optional',
  bedrock: 'none',
};

/** How a provider type uses the `keys` list (see KEY_USE). */
export function usesKeys(type: ProviderType): 'required' | 'optional' | 'none' {
  return KEY_USE[type];
}

/**
 * The provider's credentials as the key pool holds them: one per configured key, or for a type
 * with its own credentials one entry naming where they come from (its secret is unused: the
 * adapter signs or fetches tokens itself). A failure classed `auth` cools that entry, so health
 * scopes it to the credential, as it does a key.
 */
export function providerCredentials(provider: ResolvedProvider): Credential[] {
  if (KEY_USE[provider.type] !== 'none') return labelCredentials(provider.keys);
  const aws = provider.aws;
  if (aws?.accessKeyId) return [{ label: `aws-key …${aws.accessKeyId.slice(-4)}`, secret: '' }];
  return [{ label: aws?.profile ? `aws-profile ${aws.profile}` : 'aws-chain', secret: '' }];
}

/** The base URL of a provider that sets none: the cloud's regional endpoint. */
export function defaultBaseUrl(provider: Pick<ResolvedProvider, 'type' | 'aws'>): string {
  if (provider.type === 'bedrock' && provider.aws) return `https://bedrock-runtime.${provider.aws.region}.amazonaws.com`;
  throw new ConfigError(`a provider of type ${provider.type} needs base_url`);
}

/**
 * The id to send for `model` (a route's concrete model or the client's, through `provider/*`):
 * the provider's `model_map` first, then for a cloud type the Claude table; other types send
 * the name as it is. Undefined when a cloud type knows no id for it.
 */
export function targetModelId(provider: Pick<ResolvedProvider, 'type' | 'modelMap'>, model: string): string | undefined {
  const cloud = CLAUDE_CLOUD_OF[provider.type];
  if (!cloud) return provider.modelMap?.[model] ?? model;
  return resolveCloudModel(cloud, model, provider.modelMap);
}

/**
 * Client model names a cloud type can serve (table aliases and dated ids, and its `model_map`
 * keys), for checking `provider/*` routes at start; undefined for types that take any name.
 */
export function knownModelNames(provider: Pick<ResolvedProvider, 'type' | 'modelMap'>): string[] | undefined {
  if (!CLAUDE_CLOUD_OF[provider.type]) return undefined;
  return [...CLAUDE_MODEL_IDS.flatMap((row) => [row.alias, row.anthropic]), ...Object.keys(provider.modelMap ?? {})];
}

function dropUndefined<T extends Record<string, number | undefined>>(value: T): Partial<Record<keyof T, number>> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<Record<keyof T, number>>;
}

function checkPreset(provider: string, preset: string): OpenAICompatiblePreset {
  if (Object.hasOwn(OPENAI_COMPATIBLE_PRESETS, preset)) return preset as OpenAICompatiblePreset;
  throw new ConfigError(`providers.${provider}.preset: unknown preset "${preset}" (known: ${Object.keys(OPENAI_COMPATIBLE_PRESETS).join(', ')})`);
}

function checkQuirks(provider: string, quirks: Record<string, unknown>): OpenAIQuirks {
  const parsed = openAIQuirksSchema.safeParse(quirks);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    `providers.${provider}.quirks is invalid`,
    parsed.error.issues.map((issue) => `providers.${provider}.quirks${issue.path.map((part) => `.${String(part)}`).join('')}: ${issue.code === 'unrecognized_keys' ? `unknown quirk(s) ${issue.keys.join(', ')}` : issue.message}`),
  );
}
