import type { TargetRef } from '../../errors/index.js';
import type { AttemptContext } from '../provider-adapter.js';

/** The `models/{model}` methods Lifeline calls. */
export type GeminiMethod = 'generateContent' | 'streamGenerateContent' | 'countTokens';

/**
 * Where and how a Gemini-format request goes: the Gemini API (`/v1beta/models/…`, an API key)
 * and Vertex AI (`/v1/projects/…/publishers/google/models/…`, a Google OAuth token) differ only here.
 */
export interface GeminiEndpoint {
  /** Who answers, for messages (`Gemini`, `Vertex AI`). */
  label: string;
  /** Path (after the base URL) of `method` on `model`, query included. */
  methodPath(model: string, method: GeminiMethod): string;
  /** Authentication headers for this attempt; throws an UpstreamHttpError (auth) when none can be had. */
  authHeaders(attempt: AttemptContext, target: TargetRef): Promise<Record<string, string>> | Record<string, string>;
  /** The countTokens body for a generateContent body (the Gemini API nests it; Vertex takes it flat). */
  countTokensBody(body: Record<string, unknown>, model: string): Record<string, unknown>;
}

/** `models/gemini-2.5-pro` and `gemini-2.5-pro` name the same model; paths take the bare id. */
export function bareGeminiModel(model: string): string {
  return model.startsWith('models/') ? model.slice('models/'.length) : model;
}
