import type { ProviderAdapter } from '../provider-adapter.js';
import { createOpenAIAdapter, type OpenAIAdapterConfig } from '../openai/openai-adapter.js';
import { OPENAI_QUIRKS, resolveQuirks, type OpenAIQuirks, type ResolvedOpenAIQuirks } from '../openai/openai-quirks.js';

/** Servers with a known set of quirks. */
export type OpenAICompatiblePreset = 'ollama' | 'vllm' | 'llamacpp' | 'lmstudio' | 'groq' | 'together' | 'deepseek' | 'mistral' | 'openrouter';

/** Configuration of an OpenAI-compatible provider: the OpenAI one plus an optional preset. */
export interface OpenAICompatibleAdapterConfig extends Omit<OpenAIAdapterConfig, 'type'> {
  /** Quirk defaults of a known server; `quirks` still override them one by one. */
  preset?: OpenAICompatiblePreset;
}

/**
 * What most compatible servers need: `max_tokens` (few know `max_completion_tokens`), no
 * `developer` role, no key required (local servers), no `file` parts, no OpenAI stop limit.
 */
export const COMPATIBLE_QUIRKS: ResolvedOpenAIQuirks = {
  ...OPENAI_QUIRKS,
  maxTokensField: 'max_tokens',
  developerRole: false,
  requireKey: false,
  supportsFileParts: false,
  maxStopSequences: Number.POSITIVE_INFINITY,
};

/** Each preset overrides only what that server really needs. */
export const OPENAI_COMPATIBLE_PRESETS: Record<OpenAICompatiblePreset, OpenAIQuirks> = {
  ollama: {},
  // vLLM and llama.cpp take top_k as a sampling extension.
  vllm: { supportsTopK: true },
  llamacpp: { supportsTopK: true },
  lmstudio: {},
  groq: { requireKey: true, maxTokensField: 'max_completion_tokens' },
  together: { requireKey: true },
  // DeepSeek accepts only string content.
  deepseek: { requireKey: true, flattenTextContent: true },
  // Mistral sends usage in the last chunk on its own and rejects unknown fields.
  mistral: { requireKey: true, streamUsage: false, omitFields: ['store', 'metadata', 'service_tier', 'stream_options', 'user'] },
  // OpenRouter forwards developer messages and PDF file parts to models that take them.
  openrouter: { requireKey: true, developerRole: true, supportsFileParts: true },
};

/**
 * Creates an adapter for a server that speaks Chat Completions: the OpenAI adapter with type
 * `openai-compatible`, compatible-server quirk defaults, the preset's overrides, then `quirks`.
 *
 * @example
 * createOpenAICompatibleAdapter({ id: 'local', baseUrl: 'http://127.0.0.1:11434/v1', preset: 'ollama' });
 */
export function createOpenAICompatibleAdapter(config: OpenAICompatibleAdapterConfig): ProviderAdapter {
  const { preset, quirks, ...rest } = config;
  const presetQuirks = resolveQuirks(preset ? OPENAI_COMPATIBLE_PRESETS[preset] : undefined, COMPATIBLE_QUIRKS);
  return createOpenAIAdapter({ ...rest, type: 'openai-compatible', quirks: resolveQuirks(quirks, presetQuirks) });
}
