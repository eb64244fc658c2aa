import { anthropicProvider } from './anthropic/anthropic-provider.js';
import { azureOpenAIProvider } from './azure-openai/azure-openai-provider.js';
import { bedrockProvider } from './bedrock/bedrock-provider.js';
import { geminiProvider } from './gemini/gemini-provider.js';
import { vertexProvider } from './vertex/vertex-provider.js';
import { CLAUDE_MODEL_IDS, resolveCloudModel } from './claude-models/claude-model-ids.js';
import { labelCredentials } from './credentials.js';
import { foundryProvider } from './foundry/foundry-provider.js';
import { openAICompatibleProvider } from './openai-compatible/openai-compatible-provider.js';
import { openAIProvider } from './openai/openai-provider.js';
import type { Credential, ProviderAdapter } from './provider-adapter.js';
import type { ConfiguredProvider } from './configured-provider.js';
import type { ProviderDescription } from './provider-description.js';
import type { UpstreamLimits } from './shared/upstream-limits.js';
import { withModelIds } from './shared/with-model-ids.js';

/**
 * The one place that names every provider type: the configuration's `type:` → that type's own
 * description (providers/<type>/<type>-provider.ts). A new type is one line here.
 */
const PROVIDERS = {
  anthropic: anthropicProvider,
  openai: openAIProvider,
  'openai-compatible': openAICompatibleProvider,
  bedrock: bedrockProvider,
  foundry: foundryProvider,
  'azure-openai': azureOpenAIProvider,
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
export function isKeyRequired(provider: Pick<ConfiguredProvider<ProviderType>, 'type' | 'settings'>): boolean {
  return describeType(provider.type).keyRequired(provider.settings ?? {});
}

/** The summary URL to poll for a provider: its own setting, else its type's default; undefined when off or unknown. */
export function statusPageUrlOf(provider: Pick<ConfiguredProvider<ProviderType>, 'type' | 'statusPageUrl'>): string | undefined {
  if (provider.statusPageUrl === false) return undefined;
  return provider.statusPageUrl ?? describeType(provider.type).defaultStatusPageUrl;
}

/** The official status page people read for a provider's cloud, when its type has one to link (not polled). */
export function officialPageOf(provider: Pick<ConfiguredProvider<ProviderType>, 'type'>): { name: string; url: string } | undefined {
  return describeType(provider.type).officialPage;
}

/** What a keyless provider authenticates with (`Entra ID token`), if not nothing. */
export function keylessLabelOf(provider: Pick<ConfiguredProvider<ProviderType>, 'type'>): string | undefined {
  return describeType(provider.type).keylessLabel;
}

/** A few words on a provider's type-specific settings (`preset=groq`), or ''. */
export function describeSettings(provider: Pick<ConfiguredProvider<ProviderType>, 'type' | 'settings'>): string {
  return describeType(provider.type).describeSettings(provider.settings ?? {});
}

/**
 * Loads the adapters of the types in use (a cloud's adapter loads only with a provider of its
 * type, shared/lazy-module.ts). Await it before {@link createAdapter} builds any of them.
 */
export async function loadProviderTypes(providers: Iterable<Pick<ConfiguredProvider<ProviderType>, 'type'>>): Promise<void> {
  const types = new Set([...providers].map((provider) => provider.type));
  await Promise.all([...types].map((type) => describeType(type).load?.()));
}

/**
 * Builds the adapter of a configured provider (its type loaded first: {@link loadProviderTypes}). It sends each model under the provider's own id
 * (see {@link targetModelId}); when nothing renames anything it is returned bare.
 */
export function createAdapter(provider: ConfiguredProvider<ProviderType>, limits?: UpstreamLimits): ProviderAdapter {
  const adapter = describeType(provider.type).create(provider, {
    id: provider.name,
    baseUrl: provider.baseUrl,
    headers: provider.headers,
    timeouts: dropUndefined(provider.timeouts),
    ...(limits ? { limits } : {}),
  });
  const renames = describeType(provider.type).claudeCloud !== undefined || Object.keys(provider.modelMap ?? {}).length > 0;
  return renames ? withModelIds(adapter, (name) => targetModelId(provider, name)) : adapter;
}

/**
 * The provider's credentials as the key pool holds them: one per configured key, or for a type
 * with its own credentials (a cloud's signing or token chain) the entries its description names.
 * A failure classed `auth` cools that entry, so health scopes it to the credential, as to a key.
 */
export function providerCredentials(provider: Pick<ConfiguredProvider<ProviderType>, 'type' | 'keys' | 'settings'>): Credential[] {
  const own = describeType(provider.type).credentials;
  return own ? own(provider.settings ?? {}, provider.keys) : labelCredentials(provider.keys);
}

/** The base URL of a provider that sets no `base_url` (a cloud's regional endpoint), or undefined when its type needs one. */
export function defaultBaseUrl(provider: Pick<ConfiguredProvider<ProviderType>, 'type' | 'settings'>): string | undefined {
  return describeType(provider.type).defaultBaseUrl?.(provider.settings ?? {});
}

/** Problems that span a type's settings, for the configuration schema. */
export function settingsIssues(type: ProviderType, settings: Readonly<Record<string, unknown>>): Array<{ key: string; message: string }> {
  return describeType(type).checkSettings?.(settings) ?? [];
}

/** The provider's settings whose values are secrets (a cloud's secret key), by key, for the redactor. */
export function secretSettingsOf(provider: Pick<ConfiguredProvider<ProviderType>, 'type' | 'settings'>): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const key of describeType(provider.type).secretSettings ?? []) {
    const value = provider.settings?.[key];
    if (typeof value === 'string' && value !== '') secrets[key] = value;
  }
  return secrets;
}

/**
 * The id to send for `model` (a route's concrete model or the client's, through `provider/*`):
 * the provider's `model_map` first, then for a cloud type the Claude table; other types send
 * the name as it is. Undefined when a cloud type knows no id for it.
 */
export function targetModelId(provider: Pick<ConfiguredProvider<ProviderType>, 'type' | 'modelMap'>, model: string): string | undefined {
  const cloud = describeType(provider.type).claudeCloud;
  if (!cloud) return provider.modelMap?.[model] ?? model;
  return resolveCloudModel(cloud, model, provider.modelMap);
}

/**
 * Client model names a cloud type can serve (table aliases and dated ids, and its `model_map`
 * keys), for checking `provider/*` routes at start; undefined for types that take any name.
 */
export function knownModelNames(provider: Pick<ConfiguredProvider<ProviderType>, 'type' | 'modelMap'>): string[] | undefined {
  if (!describeType(provider.type).claudeCloud) return undefined;
  return [...CLAUDE_MODEL_IDS.flatMap((row) => [row.alias, row.anthropic]), ...Object.keys(provider.modelMap ?? {})];
}

function dropUndefined<T extends Record<string, number | undefined>>(value: T): Partial<Record<keyof T, number>> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<Record<keyof T, number>>;
}
