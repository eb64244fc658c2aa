import type { ProviderConfig } from '../config/config-schema.js';
import type { ResolvedProvider } from '../config/resolved-config.js';
import { labelCredentials } from './credentials.js';
import { createGeminiAdapter } from './gemini/gemini-adapter.js';
import { GEMINI_API_BASE_URL, geminiApiEndpoint } from './gemini/gemini-api-endpoint.js';
import { createGoogleTokenSource, describeGoogleCredentials } from './vertex/google-token-source.js';
import { createVertexAdapter } from './vertex/vertex-adapter.js';
import { vertexBaseUrl } from './vertex/vertex-location.js';
import { createAnthropicAdapter } from './anthropic/anthropic-adapter.js';
import { createOpenAIAdapter } from './openai/openai-adapter.js';
import { ConfigError } from '../errors/index.js';
import { createOpenAICompatibleAdapter, OPENAI_COMPATIBLE_PRESETS, type OpenAICompatiblePreset } from './openai-compatible/openai-compatible-adapter.js';
import { openAIQuirksSchema, type OpenAIQuirks } from './openai/openai-quirks.js';
import type { Credential, ProviderAdapter } from './provider-adapter.js';
import type { UpstreamLimits } from './shared/upstream-limits.js';

/** The one place that names every provider type. */
export function createAdapter(provider: ResolvedProvider, limits?: UpstreamLimits): ProviderAdapter {
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
    case 'gemini':
      return createGeminiAdapter({ ...common, type: 'gemini', endpoint: geminiApiEndpoint(provider.name) });
    case 'vertex':
      return createVertexAdapter({
        ...common,
        project: provider.project!,
        region: provider.region!,
        tokens: createGoogleTokenSource({ providerName: provider.name, ...(provider.credentialsFile ? { credentialsFile: provider.credentialsFile } : {}) }),
        ...(provider.defaultMaxTokens ? { defaultMaxTokens: provider.defaultMaxTokens } : {}),
      });
  }
}

/** The base URL a provider gets when its configuration sets none (only types with a known home have one). */
export function defaultBaseUrl(provider: Pick<ProviderConfig, 'type' | 'region' | 'endpoint'>): string {
  switch (provider.type) {
    case 'gemini':
      return GEMINI_API_BASE_URL;
    case 'vertex':
      return provider.endpoint ?? vertexBaseUrl(provider.region ?? 'global');
    default:
      throw new ConfigError(`providers: a ${provider.type} provider needs base_url`);
  }
}

/**
 * Whether a provider type authenticates with `keys`: `required` (targets are skipped without
 * one), `optional` (local compatible servers), or `none` (cloud credentials instead: Vertex).
 */
export function providerUsesKeys(type: ResolvedProvider['type']): 'required' | 'optional' | 'none' {
  if (type === 'openai-compatible') return 'optional';
  return type === 'vertex' ? 'none' : 'required';
}

/**
 * The credentials the key pool rotates through: the configured keys, or for a provider that signs
 * in with cloud credentials, one entry naming them (its secret stays with the adapter), so
 * failures scope to it and `lifeline check` checks it like a key.
 */
export function providerCredentials(provider: ResolvedProvider): Credential[] {
  if (providerUsesKeys(provider.type) !== 'none') return labelCredentials(provider.keys);
  return [{ label: describeGoogleCredentials(provider.credentialsFile), secret: '' }];
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
