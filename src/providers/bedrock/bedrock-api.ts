import { findClaudeModel } from '../claude-models/claude-model-ids.js';

/**
 * Which Bedrock API a provider sends a model to: `invoke` (InvokeModel with the Anthropic
 * Messages body, byte-faithful for Anthropic clients), `converse` (the model-neutral Converse
 * API), or `auto`: Claude models (the Claude model table, profile ids included) and ARNs
 * (application inference profiles and imported models, which are nearly always Claude) to
 * InvokeModel, every other model (Nova, Llama, Mistral, ...) to Converse.
 */
export type BedrockApi = 'auto' | 'invoke' | 'converse';

/** The API `modelId` goes to under the provider's `api` setting. */
export function bedrockApiFor(modelId: string, setting: BedrockApi): 'invoke' | 'converse' {
  if (setting !== 'auto') return setting;
  return findClaudeModel(modelId) !== undefined || modelId.startsWith('arn:') ? 'invoke' : 'converse';
}

/** True for a Claude model id (any cloud's form): Converse then takes Claude's own fields. */
export function isClaudeModelId(modelId: string): boolean {
  return findClaudeModel(modelId) !== undefined || /(^|\.)anthropic\.claude/.test(modelId);
}
