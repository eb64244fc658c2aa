import { bareGeminiModel, type GeminiEndpoint } from '../gemini/gemini-endpoint.js';
import type { GoogleTokenSource } from './google-token-source.js';
import { vertexModelPath } from './vertex-location.js';

/** Gemini on Vertex AI: `publishers/google/models/{model}:{method}` with a Google bearer token; countTokens takes the request flat. */
export function vertexGeminiEndpoint(options: { project: string; region: string; tokens: GoogleTokenSource }): GeminiEndpoint {
  return {
    label: 'Vertex AI',
    methodPath: (model, method) => `${vertexModelPath(options, 'google', bareGeminiModel(model), method)}${method === 'streamGenerateContent' ? '?alt=sse' : ''}`,
    authHeaders: async (_attempt, target) => ({ authorization: await options.tokens.authorization(target) }),
    countTokensBody: (body) => {
      const { generationConfig: _generation, safetySettings: _safety, toolConfig: _toolConfig, ...counted } = body;
      return counted;
    },
  };
}
