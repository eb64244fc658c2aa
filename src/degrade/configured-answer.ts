import { randomBytes } from 'node:crypto';
import { emptyUsage, type CanonicalResponse } from '../canonical/index.js';

/**
 * A route's `degrade.answer` as a complete, well-formed answer: one text block ending the turn
 * normally (`end_turn` / `stop`), no usage (no provider spent a token), the client's model name.
 */
export function configuredAnswer(text: string, model: string): CanonicalResponse {
  return {
    id: `lifeline_degraded_${randomBytes(12).toString('hex')}`,
    modelId: model,
    content: [{ type: 'text', text }],
    finishReason: { unified: 'stop', raw: undefined },
    usage: { ...emptyUsage(), inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 0, reasoning: 0 } },
  };
}
