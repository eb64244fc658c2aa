import { emptyUsage, type Usage } from '../../canonical/index.js';
import type { OpenAIUsage } from './openai-api-schemas.js';

/**
 * OpenAI usage → canonical usage. `prompt_tokens` already includes cached tokens, so it is the
 * input total; `noCache` is what is left after cache reads and writes.
 */
export function convertOpenAIUsage(usage: OpenAIUsage | null | undefined): Usage {
  if (!usage) return emptyUsage();
  const total = usage.prompt_tokens ?? undefined;
  const cacheRead = usage.prompt_tokens_details?.cached_tokens ?? undefined;
  const cacheWrite = usage.prompt_tokens_details?.cache_write_tokens ?? undefined;
  return {
    inputTokens: {
      total,
      noCache: total === undefined ? undefined : Math.max(0, total - (cacheRead ?? 0) - (cacheWrite ?? 0)),
      cacheRead,
      cacheWrite,
    },
    outputTokens: {
      total: usage.completion_tokens ?? undefined,
      reasoning: usage.completion_tokens_details?.reasoning_tokens ?? undefined,
    },
    raw: usage,
  };
}
