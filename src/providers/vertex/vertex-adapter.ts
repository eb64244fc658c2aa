import type { ProviderAdapter } from '../provider-adapter.js';
import { createAnthropicAdapter } from '../anthropic/anthropic-adapter.js';
import { createGeminiAdapter } from '../gemini/gemini-adapter.js';
import type { GoogleTokenSource } from './google-token-source.js';
import { vertexClaudeCloud } from './vertex-claude-cloud.js';
import { vertexGeminiEndpoint } from './vertex-gemini-endpoint.js';
import { isVertexClaudeModel } from './vertex-model.js';
import type { UpstreamAdapterConfig } from '../shared/upstream-adapter-config.js';

/** Configuration of one Vertex AI provider. */
export interface VertexAdapterConfig extends UpstreamAdapterConfig {
  project: string;
  /** `global`, `us`, `eu` or a region such as `us-east5`. */
  region: string;
  /** The Vertex origin (`https://us-east5-aiplatform.googleapis.com`, or a test server). */
  baseUrl: string;
  tokens: GoogleTokenSource;
  defaultMaxTokens?: number;
  /** Requested name → Vertex model id, over the built-in Claude table. */
  modelMap?: Readonly<Record<string, string>>;
}

/**
 * Vertex AI: Claude models (`publishers/anthropic`) through the Anthropic adapter with Vertex's
 * paths, body and auth, so an Anthropic client's request stays byte-faithful; every other model
 * through the Gemini adapter on `publishers/google`. The wire format is Anthropic's: a Gemini
 * model simply never answers with passthrough bytes, so its answers are rendered from canonical.
 * @example createVertexAdapter({ id: 'vertex', project: 'my-project', region: 'global', baseUrl: vertexBaseUrl('global'), tokens })
 */
export function createVertexAdapter(config: VertexAdapterConfig): ProviderAdapter {
  const common = { id: config.id, baseUrl: config.baseUrl, ...(config.headers ? { headers: config.headers } : {}), ...(config.timeouts ? { timeouts: config.timeouts } : {}), ...(config.limits ? { limits: config.limits } : {}) };
  const where = { project: config.project, region: config.region, tokens: config.tokens };
  const claude = createAnthropicAdapter({
    ...common,
    ...(config.defaultMaxTokens ? { defaultMaxTokens: config.defaultMaxTokens } : {}),
    cloud: vertexClaudeCloud({ ...where, ...(config.modelMap ? { modelMap: config.modelMap } : {}) }),
  });
  const gemini = createGeminiAdapter({ ...common, type: 'vertex', endpoint: vertexGeminiEndpoint(where) });
  const pick = (model: string): ProviderAdapter => (isVertexClaudeModel(model) ? claude : gemini);
  return {
    id: config.id,
    type: 'vertex',
    wireFormat: 'anthropic',
    doGenerate: (request, attempt) => pick(attempt.model).doGenerate(request, attempt),
    doStream: (request, attempt) => pick(attempt.model).doStream(request, attempt),
    doCountTokens: (request, attempt) => pick(attempt.model).doCountTokens!(request, attempt),
    async close() {
      config.tokens.close();
      await Promise.all([claude.close(), gemini.close()]);
    },
  };
}
