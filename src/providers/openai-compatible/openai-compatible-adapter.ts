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
  // Most compatible servers have no Responses API; those that do turn the quirk on.
  responsesApi: false,
};

/** Each preset overrides only what that server really needs. */
export const OPENAI_COMPATIBLE_PRESETS: Record<OpenAICompatiblePreset, OpenAIQuirks> = {
  ollama: {},
  // vLLM and llama.cpp take top_k as a sampling extension. vLLM continues a final assistant message
  // with continue_final_message + add_generation_prompt: false; llama.cpp's server continues one by
  // default (ggml-org/llama.cpp#13174, unless started with --no-prefill-assistant).
  vllm: { supportsTopK: true, assistantPrefill: 'continue-final-message' },
  llamacpp: { supportsTopK: true, assistantPrefill: 'trailing-assistant' },
  lmstudio: {},
  groq: { requireKey: true, maxTokensField: 'max_completion_tokens' },
  together: { requireKey: true },
  // DeepSeek accepts only string content. Its prefix mode works only on the beta base URL (see presetQuirks).
  deepseek: { requireKey: true, flattenTextContent: true },
  // Mistral sends usage in the last chunk on its own and rejects unknown fields; `prefix: true` on
  // a final assistant message makes the model start its answer with that message.
  mistral: { requireKey: true, streamUsage: false, omitFields: ['store', 'metadata', 'service_tier', 'stream_options', 'user'], assistantPrefill: 'prefix-flag' },
  // OpenRouter forwards developer messages and PDF file parts to models that take them.
  openrouter: { requireKey: true, developerRole: true, supportsFileParts: true },
};

/**
 * A preset's quirks for a base URL: DeepSeek's "chat prefix completion" (`prefix: true`) is a beta
 * feature served only under https://api.deepseek.com/beta, so the preset uses it only there.
 */
export function presetQuirks(preset: OpenAICompatiblePreset, baseUrl: string): OpenAIQuirks {
  const quirks = OPENAI_COMPATIBLE_PRESETS[preset];
  if (preset === 'deepseek' && /\/beta\/?$/.test(new URL(baseUrl).pathname)) return { ...quirks, assistantPrefill: 'prefix-flag' };
  return quirks;
}

/**
 * Creates an adapter for a server that speaks Chat Completions: the OpenAI adapter with type
 * `openai-compatible`, compatible-server quirk defaults, the preset's overrides, then `quirks`.
 *
 * @example
 * createOpenAICompatibleAdapter({ id: 'local', baseUrl: 'http://127.0.0.1:11434/v1', preset: 'ollama' });
 */
export function createOpenAICompatibleAdapter(config: OpenAICompatibleAdapterConfig): ProviderAdapter {
  const { preset, quirks, ...rest } = config;
  const defaults = resolveQuirks(preset ? presetQuirks(preset, config.baseUrl) : undefined, COMPATIBLE_QUIRKS);
  return createOpenAIAdapter({ ...rest, type: 'openai-compatible', quirks: resolveQuirks(quirks, defaults) });
}
