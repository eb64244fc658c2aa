import type { ResolvedProvider } from '../config/resolved-config.js';
import { anthropicProvider } from './anthropic/anthropic-provider.js';
import { geminiProvider } from './gemini/gemini-provider.js';
import { vertexProvider } from './vertex/vertex-provider.js';
import { openAICompatibleProvider } from './openai-compatible/openai-compatible-provider.js';
import { openAIProvider } from './openai/openai-provider.js';
import type { ProviderAdapter } from './provider-adapter.js';
import type { ProviderDescription } from './provider-description.js';
import type { UpstreamLimits } from './shared/upstream-limits.js';

/**
 * The one place that names every provider type: the configuration's `type:` → that type's own
 * description (providers/<type>/<type>-provider.ts). A new type is one line here.
 */
const PROVIDERS = {
  anthropic: anthropicProvider,
  openai: openAIProvider,
  'openai-compatible': openAICompatibleProvider,
  gemini: geminiProvider,
  vertex: vertexProvider,
} satisfies Record<string, ProviderDescription>;

/** A provider type the configuration may name. */
export type ProviderType = keyof typeof PROVIDERS;

/** Every provider type, in the order error messages list them. */
export const PROVIDER_TYPES = Object.keys(PROVIDERS) as [ProviderType, ...ProviderType[]];

/** The description of a type. */
export function describeType(type: ProviderType): ProviderDescription {
  return PROVIDERS[type];
}

/** Every type's own configuration keys, for the configuration schema (types that share a key share its schema). */
export function providerSettingsShape(): ProviderDescription['settings'] {
  return Object.assign({}, ...Object.values(PROVIDERS).map((description) => description.settings)) as ProviderDescription['settings'];
}

/** False when the provider's targets may be tried without a key. */
export function isKeyRequired(provider: Pick<ResolvedProvider, 'type'>): boolean {
  return describeType(provider.type).keyRequired;
}

/** What `lifeline check` calls the credentials of a type that uses none of its `keys` (Vertex's Google credentials), else undefined. */
export function credentialsLabelOf(provider: Pick<ResolvedProvider, 'type'>): string | undefined {
  return describeType(provider.type).credentialsLabel;
}

/** The summary URL to poll for a provider: its own setting, else its type's default; undefined when off or unknown. */
export function statusPageUrlOf(provider: Pick<ResolvedProvider, 'type' | 'statusPageUrl'>): string | undefined {
  if (provider.statusPageUrl === false) return undefined;
  return provider.statusPageUrl ?? describeType(provider.type).defaultStatusPageUrl;
}

/** A few words on a provider's type-specific settings (`preset=groq`), or ''. */
export function describeSettings(provider: Pick<ResolvedProvider, 'type' | 'settings'>): string {
  return describeType(provider.type).describeSettings(provider.settings ?? {});
}

/** The base URL of a provider whose configuration sets none, or undefined when its type has no default (then `base_url` is required). */
export function defaultBaseUrlOf(type: ProviderType, settings: Readonly<Record<string, unknown>>): string | undefined {
  return describeType(type).defaultBaseUrl?.(settings);
}

/** Builds the adapter of a configured provider. */
export function createAdapter(provider: ResolvedProvider, limits?: UpstreamLimits): ProviderAdapter {
  return describeType(provider.type).create(provider, {
    id: provider.name,
    baseUrl: provider.baseUrl,
    headers: provider.headers,
    timeouts: dropUndefined(provider.timeouts),
    ...(limits ? { limits } : {}),
  });
}

function dropUndefined<T extends Record<string, number | undefined>>(value: T): Partial<Record<keyof T, number>> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<Record<keyof T, number>>;
}
