import { z } from 'zod';
import { ConfigError } from '../../errors/index.js';
import { compileGlob } from '../../routing/glob.js';

/**
 * Differences between OpenAI and the servers that speak its format (Ollama, vLLM, llama.cpp,
 * LM Studio, Groq, Together, DeepSeek, Mistral, OpenRouter). Every field is optional; see
 * {@link OPENAI_QUIRKS} for OpenAI's values and openai-compatible-adapter.ts for the others.
 *
 * @example
 * createOpenAIAdapter({ id: 'local', baseUrl: 'http://127.0.0.1:8000/v1', quirks: { maxTokensField: 'max_tokens' } })
 */
export interface OpenAIQuirks {
  /** Field for the output limit. OpenAI's newer models reject `max_tokens`; many servers only know it. */
  maxTokensField?: 'max_completion_tokens' | 'max_tokens';
  /** false: send `developer` messages as `system` (most servers reject the developer role). */
  developerRole?: boolean;
  /** Ask for usage in streams with `stream_options.include_usage` (false for servers that reject the field). */
  streamUsage?: boolean;
  /** Fail the attempt (401, class auth) when no key is configured, instead of calling without one. */
  requireKey?: boolean;
  /** false: never send `parallel_tool_calls` (servers that reject it). */
  supportsParallelToolCalls?: boolean;
  /** false: send `json_schema` response formats as `json_object` (the schema is lost). */
  supportsResponseFormatJsonSchema?: boolean;
  /** false: documents (PDF) cannot be sent as `file` content parts; they are replaced by a short note. */
  supportsFileParts?: boolean;
  /** true: send `top_k` (vLLM and llama.cpp take it as an extension); otherwise it is dropped. */
  supportsTopK?: boolean;
  /** true: send all-text content as one string (servers that reject content-part arrays, e.g. DeepSeek). */
  flattenTextContent?: boolean;
  /** Most stop sequences the server takes (OpenAI: 4; `Infinity`: no limit); extra ones are dropped. */
  maxStopSequences?: number;
  /** Top-level fields removed from every translated request (fields a strict server rejects). */
  omitFields?: string[];
  /**
   * Caps on the output limit of translated requests, by model glob (`{"gpt-4o*": 16384}`): clients
   * such as Claude Code ask for 128 000 tokens, which older models reject with a 400 that no
   * failover could fix. The first matching glob wins; unmatched models are not capped.
   */
  maxOutputTokens?: Record<string, number>;
  /**
   * How the server takes the start of the assistant's answer, which is how a cut stream is best
   * continued (see openai-continuation.ts): `none` (ask by instruction), `trailing-assistant`,
   * `prefix-flag` (`"prefix": true`) or `continue-final-message` (vLLM's flags). A model that
   * refuses it anyway is remembered and asked by instruction.
   */
  assistantPrefill?: 'none' | 'trailing-assistant' | 'prefix-flag' | 'continue-final-message';
  /**
   * The server has OpenAI's Responses API (`POST /responses`): requests that arrive on Lifeline's
   * `/v1/responses` go there untouched (reasoning items, encrypted reasoning, hosted tools survive)
   * instead of being translated to Chat Completions. On for `openai`, off for compatible servers.
   */
  responsesApi?: boolean;
}

/** Quirks with every field decided. */
export type ResolvedOpenAIQuirks = Required<OpenAIQuirks>;

/** OpenAI's own behaviour: the defaults of the `openai` provider type. */
export const OPENAI_QUIRKS: ResolvedOpenAIQuirks = {
  maxTokensField: 'max_completion_tokens',
  developerRole: true,
  streamUsage: true,
  requireKey: true,
  supportsParallelToolCalls: true,
  supportsResponseFormatJsonSchema: true,
  supportsFileParts: true,
  supportsTopK: false,
  flattenTextContent: false,
  maxStopSequences: 4,
  omitFields: [],
  maxOutputTokens: {},
  assistantPrefill: 'none',
  responsesApi: true,
};

/** Validates quirks written in lifeline.yaml, so a misspelt quirk is an error, not a silent no-op. */
export const openAIQuirksSchema = z
  .object({
    maxTokensField: z.enum(['max_completion_tokens', 'max_tokens']),
    developerRole: z.boolean(),
    streamUsage: z.boolean(),
    requireKey: z.boolean(),
    supportsParallelToolCalls: z.boolean(),
    supportsResponseFormatJsonSchema: z.boolean(),
    supportsFileParts: z.boolean(),
    supportsTopK: z.boolean(),
    flattenTextContent: z.boolean(),
    maxStopSequences: z.number().int().positive(),
    omitFields: z.array(z.string()),
    maxOutputTokens: z.record(z.string(), z.number().int().positive()),
    assistantPrefill: z.enum(['none', 'trailing-assistant', 'prefix-flag', 'continue-final-message']),
    responsesApi: z.boolean(),
  })
  .partial()
  .strict();

/** The `quirks:` key of an openai / openai-compatible provider as the configuration schema takes it: overrides, camelCase as in OpenAIQuirks. */
export const quirksSetting = z.record(z.string(), z.unknown()).optional();

/** Checks a provider's `quirks:` against {@link openAIQuirksSchema}; a problem is a `ConfigError` naming the exact key. */
export function parseQuirksSetting(provider: string, quirks: Record<string, unknown>): OpenAIQuirks {
  const parsed = openAIQuirksSchema.safeParse(quirks);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    `providers.${provider}.quirks is invalid`,
    parsed.error.issues.map((issue) => `providers.${provider}.quirks${issue.path.map((part) => `.${String(part)}`).join('')}: ${issue.code === 'unrecognized_keys' ? `unknown quirk(s) ${issue.keys.join(', ')}` : issue.message}`),
  );
}

/** The output cap for `model` from the first matching glob, if any. */
export function maxOutputTokensFor(model: string, caps: Record<string, number>): number | undefined {
  for (const [pattern, cap] of Object.entries(caps)) if (compileGlob(pattern).test(model)) return cap;
  return undefined;
}

/** Fills unset quirks from `defaults`. */
export function resolveQuirks(quirks: OpenAIQuirks | undefined, defaults: ResolvedOpenAIQuirks = OPENAI_QUIRKS): ResolvedOpenAIQuirks {
  const resolved: ResolvedOpenAIQuirks = { ...defaults };
  for (const [key, value] of Object.entries(quirks ?? {})) {
    if (value !== undefined) (resolved as unknown as Record<string, unknown>)[key] = value;
  }
  return resolved;
}
