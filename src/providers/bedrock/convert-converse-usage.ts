import { emptyUsage, type Usage } from '../../canonical/index.js';
import type { ConverseUsage } from './converse-api-schemas.js';

/**
 * Converse `usage` → canonical. `inputTokens` counts only the tokens neither read from nor
 * written to the cache (as Anthropic's `input_tokens`), so the input total adds both cache counts.
 */
export function convertConverseUsage(usage: ConverseUsage | null | undefined): Usage {
  if (!usage) return emptyUsage();
  const noCache = usage.inputTokens ?? undefined;
  const cacheRead = usage.cacheReadInputTokens ?? undefined;
  const cacheWrite = usage.cacheWriteInputTokens ?? undefined;
  const counted = noCache !== undefined || cacheRead !== undefined || cacheWrite !== undefined;
  return {
    inputTokens: { total: counted ? (noCache ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0) : undefined, noCache, cacheRead, cacheWrite },
    outputTokens: { total: usage.outputTokens ?? undefined, reasoning: undefined },
    raw: usage,
  };
}
