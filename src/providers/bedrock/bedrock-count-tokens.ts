import { isClaudeModelId } from './bedrock-api.js';

/** What CountTokens' `input.converse` takes of a Converse body (no inference or guardrail settings). */
const CONVERSE_COUNTED = ['messages', 'system', 'toolConfig', 'additionalModelRequestFields'];

/** Bedrock's CountTokens serves Claude models (their ids, profiles, and ARNs of Claude deployments). */
export function bedrockCountsTokensFor(modelId: string): boolean {
  return isClaudeModelId(modelId) || modelId.startsWith('arn:');
}

/**
 * The body of `POST /model/{modelId}/count-tokens` for the request the model would be sent: an
 * InvokeModel body goes base64-encoded under `input.invokeModel.body` (with `max_tokens`, which
 * InvokeModel requires and a count_tokens request does not carry), a Converse body's countable
 * members under `input.converse`.
 */
export function countTokensBody(request: { invokeModel: Record<string, unknown>; defaultMaxTokens: number } | { converse: Record<string, unknown> }): Record<string, unknown> {
  if ('converse' in request) {
    return { input: { converse: Object.fromEntries(Object.entries(request.converse).filter(([key]) => CONVERSE_COUNTED.includes(key))) } };
  }
  const body = { max_tokens: request.defaultMaxTokens, ...request.invokeModel };
  return { input: { invokeModel: { body: Buffer.from(JSON.stringify(body)).toString('base64') } } };
}
