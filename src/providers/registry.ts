import type { ResolvedProvider } from '../config/resolved-config.js';
import { createAnthropicAdapter } from './anthropic/anthropic-adapter.js';
import { createOpenAIAdapter } from './openai/openai-adapter.js';
import { ConfigError } from '../errors/index.js';
import { createOpenAICompatibleAdapter, OPENAI_COMPATIBLE_PRESETS, type OpenAICompatiblePreset } from './openai-compatible/openai-compatible-adapter.js';
import { openAIQuirksSchema, type OpenAIQuirks } from './openai/openai-quirks.js';
import type { ProviderAdapter } from './provider-adapter.js';
import type { UpstreamLimits } from './shared/upstream-limits.js';
import { entraCredential } from './azure-auth/azure-authenticator.js';
import { createAzureOpenAIAdapter } from './azure-openai/azure-openai-adapter.js';
import { createFoundryAdapter } from './foundry/foundry-adapter.js';

/** Provider types that take Azure's settings (`entra`; `api` and `api_version` for azure-openai only). */
const AZURE_TYPES: ReadonlySet<string> = new Set(['foundry', 'azure-openai']);

/**
 * Whether a provider's targets are tried without a key: openai-compatible servers may need none,
 * and a provider on Azure with `entra` authenticates with a token instead.
 */
export function isKeyOptional(provider: { type: string; entra?: unknown }): boolean {
  return provider.type === 'openai-compatible' || (AZURE_TYPES.has(provider.type) && provider.entra !== undefined);
}

/** Settings given to a provider type that does not take them: an error at start, not a silent no-op. */
function checkTypeSettings(provider: ResolvedProvider): void {
  const misplaced = [
    ...(provider.entra !== undefined && !AZURE_TYPES.has(provider.type) ? ['entra (foundry and azure-openai only)'] : []),
    ...(provider.api !== undefined && provider.type !== 'azure-openai' ? ['api (azure-openai only)'] : []),
    ...(provider.apiVersion !== undefined && provider.type !== 'azure-openai' ? ['api_version (azure-openai only)'] : []),
  ];
  if (misplaced.length > 0) throw new ConfigError(`providers.${provider.name}: not a setting of type ${provider.type}`, misplaced.map((name) => `providers.${provider.name}.${name}`));
}

/** The Entra ID part of an Azure provider's adapter config, with its credential chain built once. */
function entraOf(provider: ResolvedProvider) {
  return provider.entra ? { entra: { ...provider.entra, credential: entraCredential(provider.entra) } } : {};
}

/** The one place that names every provider type. */
export function createAdapter(provider: ResolvedProvider, limits?: UpstreamLimits): ProviderAdapter {
  checkTypeSettings(provider);
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
    case 'foundry':
      return createFoundryAdapter({
        ...common,
        ...entraOf(provider),
        ...(provider.anthropicVersion ? { anthropicVersion: provider.anthropicVersion } : {}),
        ...(provider.defaultMaxTokens ? { defaultMaxTokens: provider.defaultMaxTokens } : {}),
      });
    case 'azure-openai':
      return createAzureOpenAIAdapter({
        ...common,
        ...entraOf(provider),
        ...(provider.api ? { api: provider.api } : {}),
        ...(provider.apiVersion ? { apiVersion: provider.apiVersion } : {}),
        ...(provider.quirks ? { quirks: checkQuirks(provider.name, provider.quirks) } : {}),
      });
  }
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
