import type { Usage } from '../../canonical/index.js';
import type { AnthropicUsage } from './anthropic-api-schemas.js';

/**
 * Anthropic usage → canonical usage. Anthropic's `input_tokens` excludes cache reads and writes,
 * so the canonical total is the sum of the three.
 */
export function convertAnthropicUsage(usage: AnthropicUsage | null | undefined): Usage {
  const noCache = usage?.input_tokens ?? undefined;
  const cacheRead = usage?.cache_read_input_tokens ?? undefined;
  const cacheWrite = usage?.cache_creation_input_tokens ?? undefined;
  const anyInput = noCache !== undefined || cacheRead !== undefined || cacheWrite !== undefined;
  return {
    inputTokens: {
      total: anyInput ? (noCache ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0) : undefined,
      noCache,
      cacheRead,
      cacheWrite,
    },
    outputTokens: {
      total: usage?.output_tokens ?? undefined,
      reasoning: usage?.output_tokens_details?.thinking_tokens ?? undefined,
    },
    ...(usage ? { raw: usage } : {}),
  };
}

/**
 * Merges a message_delta usage into the message_start one: message_delta counts are cumulative,
 * so each field it carries (non-null) replaces the earlier value.
 */
export function mergeAnthropicUsage(start: AnthropicUsage | undefined, update: AnthropicUsage | null | undefined): AnthropicUsage | undefined {
  if (!update) return start;
  const merged: Record<string, unknown> = { ...start };
  for (const [key, value] of Object.entries(update)) {
    if (value !== null && value !== undefined) merged[key] = value;
  }
  return merged as AnthropicUsage;
}
