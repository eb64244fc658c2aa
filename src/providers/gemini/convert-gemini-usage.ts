import { emptyUsage, type Usage } from '../../canonical/index.js';
import type { GeminiUsage } from './gemini-api-schemas.js';

/**
 * Gemini `usageMetadata` → canonical usage. `promptTokenCount` includes cached tokens (OpenAI's
 * convention, like canonical); thoughts are billed as output, so the output total adds
 * `thoughtsTokenCount` to `candidatesTokenCount`.
 */
export function convertGeminiUsage(usage: GeminiUsage | null | undefined): Usage {
  if (!usage) return emptyUsage();
  const total = usage.promptTokenCount ?? undefined;
  const cacheRead = usage.cachedContentTokenCount ?? undefined;
  const candidates = usage.candidatesTokenCount ?? undefined;
  const reasoning = usage.thoughtsTokenCount ?? undefined;
  return {
    inputTokens: {
      total,
      noCache: total === undefined ? undefined : Math.max(0, total - (cacheRead ?? 0)),
      cacheRead,
      cacheWrite: undefined,
    },
    outputTokens: {
      total: candidates === undefined && reasoning === undefined ? undefined : (candidates ?? 0) + (reasoning ?? 0),
      reasoning,
    },
    raw: usage,
  };
}
