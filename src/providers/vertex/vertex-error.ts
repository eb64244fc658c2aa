import type { UpstreamHttpError, TargetRef } from '../../errors/index.js';
import { createAnthropicError } from '../anthropic/anthropic-error.js';
import { createGoogleError, parseGoogleError } from '../gemini/google-error.js';

/**
 * Claude on Vertex answers in two voices: Google's front end (auth, IAM, quota, unknown model) in
 * Google's envelope, and the model itself (overload, invalid request, betas) in Anthropic's.
 */
export function createVertexClaudeError(response: { status: number; headers: Record<string, string>; bodyText: string; target: TargetRef }): UpstreamHttpError {
  if (parseGoogleError(response.bodyText)) return createGoogleError({ ...response, providerLabel: 'Vertex AI' });
  return createAnthropicError(response);
}
