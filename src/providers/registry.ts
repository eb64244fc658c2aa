import type { ResolvedProvider } from '../config/resolved-config.js';
import { createAnthropicAdapter } from './anthropic/anthropic-adapter.js';
import { createOpenAIAdapter } from './openai/openai-adapter.js';
import { ConfigError } from '../errors/index.js';
import { createOpenAICompatibleAdapter, OPENAI_COMPATIBLE_PRESETS, type OpenAICompatiblePreset } from './openai-compatible/openai-compatible-adapter.js';
import { openAIQuirksSchema, type OpenAIQuirks } from './openai/openai-quirks.js';
import type { ProviderAdapter } from './provider-adapter.js';
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
