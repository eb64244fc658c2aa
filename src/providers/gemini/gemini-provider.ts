import { describeProvider } from '../provider-description.js';
import { createGeminiAdapter } from './gemini-adapter.js';
import { GEMINI_API_BASE_URL, geminiApiEndpoint } from './gemini-api-endpoint.js';

/**
 * The Gemini API (Google AI Studio keys, `x-goog-api-key`): what the registry knows of type
 * `gemini`. Google publishes no Statuspage feed for it, so none is polled by default.
 */
export const geminiProvider = describeProvider({
  keyRequired: true,
  settings: {},
  defaultBaseUrl: () => GEMINI_API_BASE_URL,
  create: (provider, _settings, common) => createGeminiAdapter({ ...common, type: 'gemini', endpoint: geminiApiEndpoint(provider.name) }),
});
