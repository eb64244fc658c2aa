import type { Usage } from '../../canonical/index.js';

/** The usage object of an Anthropic Message / message_delta. */
export interface AnthropicUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens: number;
}

/**
 * Canonical usage → Anthropic usage. Anthropic's `input_tokens` excludes cache reads and writes,
 * so it is `noCache`, or the total minus both cache counts when only the total is known.
 */
export function toAnthropicUsage(usage: Usage | undefined): AnthropicUsage {
  const cacheRead = usage?.inputTokens.cacheRead ?? 0;
  const cacheWrite = usage?.inputTokens.cacheWrite ?? 0;
  const total = usage?.inputTokens.total;
  const inputTokens = usage?.inputTokens.noCache ?? (total !== undefined ? Math.max(0, total - cacheRead - cacheWrite) : 0);
  return {
    input_tokens: inputTokens,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
    output_tokens: usage?.outputTokens.total ?? 0,
  };
}
