import { randomUUID } from 'node:crypto';
import type { FinishReason, Usage } from '../../canonical/index.js';

/** A Chat Completions `usage` object. */
export interface OpenAIUsageBody {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}

/**
 * Canonical usage → OpenAI usage. `prompt_tokens` counts every input token, cached or not
 * (OpenAI's convention); when only the parts are known it is their sum.
 */
export function renderUsage(usage: Usage): OpenAIUsageBody {
  const input = usage.inputTokens;
  const promptTokens =
    input.total ?? (input.noCache ?? 0) + (input.cacheRead ?? 0) + (input.cacheWrite ?? 0);
  const completionTokens = usage.outputTokens.total ?? 0;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: input.cacheRead ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.outputTokens.reasoning ?? 0 },
  };
}

/** Canonical finish reason → `finish_reason` (translation-mapping.md; `pause`, `error`, `other` → `stop`). */
export function renderFinishReason(finishReason: FinishReason): 'stop' | 'length' | 'tool_calls' | 'content_filter' {
  switch (finishReason.unified) {
    case 'tool-calls':
      return 'tool_calls';
    case 'length':
      return 'length';
    case 'content-filter':
      return 'content_filter';
    default:
      return 'stop';
  }
}

/** A `chatcmpl-…` id: the provider's own when it is one, else derived from it so it stays traceable. */
export function toChatCompletionId(providerId: string | undefined): string {
  if (providerId?.startsWith('chatcmpl-')) return providerId;
  const cleaned = (providerId ?? '').replace(/^(msg|resp)_/, '').replace(/[^A-Za-z0-9]/g, '');
  return `chatcmpl-${cleaned || randomUUID().replace(/-/g, '')}`;
}
