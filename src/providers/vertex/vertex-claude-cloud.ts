import type { AnthropicCloud } from '../anthropic/anthropic-adapter.js';
import { VERTEX_REJECTED_BETAS } from './vertex-betas.js';
import { createVertexClaudeError } from './vertex-error.js';
import { vertexModelPath } from './vertex-location.js';
import { vertexClaudeId } from './vertex-model.js';
import type { GoogleTokenSource } from './google-token-source.js';

/** The `anthropic_version` Vertex AI documents for Claude. */
export const VERTEX_ANTHROPIC_VERSION = 'vertex-2023-10-16';

/**
 * Claude on Vertex AI as an Anthropic cloud: `:rawPredict` / `:streamRawPredict` with the model in
 * the path (its Vertex id), `anthropic_version: vertex-2023-10-16` in the body instead of the
 * header, a Google bearer token instead of `x-api-key`. The body is otherwise the client's own
 * (thinking blocks and signatures, cache_control, tools stay as sent); of the `anthropic-beta`
 * values only those Vertex rejects are dropped (VERTEX_REJECTED_BETAS).
 */
export function vertexClaudeCloud(options: { project: string; region: string; tokens: GoogleTokenSource; modelMap?: Readonly<Record<string, string>> }): AnthropicCloud {
  return {
    type: 'vertex',
    path: (kind, model, stream) =>
      kind === 'count-tokens' ? vertexModelPath(options, 'anthropic', 'count-tokens', 'rawPredict') : vertexModelPath(options, 'anthropic', vertexClaudeId(model, options.modelMap), stream ? 'streamRawPredict' : 'rawPredict'),
    body(kind, body) {
      const { model, anthropic_version: _clientVersion, ...rest } = body;
      const base = { anthropic_version: VERTEX_ANTHROPIC_VERSION, ...rest };
      return kind === 'count-tokens' && typeof model === 'string' ? { ...base, model: vertexClaudeId(model, options.modelMap) } : base;
    },
    async headers(anthropicHeaders, _attempt, target) {
      const { 'anthropic-version': _version, 'anthropic-beta': beta, ...rest } = anthropicHeaders;
      const kept = beta === undefined ? [] : beta.split(',').map((value) => value.trim()).filter((value) => value !== '' && !VERTEX_REJECTED_BETAS.has(value));
      return { ...rest, ...(kept.length > 0 ? { 'anthropic-beta': kept.join(',') } : {}), authorization: await options.tokens.authorization(target) };
    },
    error: createVertexClaudeError,
  };
}
