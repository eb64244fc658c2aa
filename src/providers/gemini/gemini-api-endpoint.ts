import { UpstreamHttpError } from '../../errors/index.js';
import { bareGeminiModel, type GeminiEndpoint } from './gemini-endpoint.js';

/** The Gemini API's own origin; `/v1beta` is part of every path. */
export const GEMINI_API_BASE_URL = 'https://generativelanguage.googleapis.com';

/**
 * The Gemini API (Google AI Studio keys): `POST /v1beta/models/{model}:{method}`, the key in
 * `x-goog-api-key` (never in the `?key=` query, which would end up in access logs).
 */
export function geminiApiEndpoint(providerName: string): GeminiEndpoint {
  return {
    label: 'Gemini',
    methodPath: (model, method) => `/v1beta/models/${encodeURIComponent(bareGeminiModel(model))}:${method}${method === 'streamGenerateContent' ? '?alt=sse' : ''}`,
    authHeaders(attempt, target) {
      if (attempt.credential) return { 'x-goog-api-key': attempt.credential.secret };
      throw new UpstreamHttpError({ status: 401, failureClass: 'auth', providerMessage: `no API key is configured for provider ${providerName}`, target });
    },
    // The Gemini API counts a whole request (system instruction, tools) only when it is nested.
    countTokensBody: (body, model) => ({ generateContentRequest: { model: `models/${bareGeminiModel(model)}`, ...body } }),
  };
}
