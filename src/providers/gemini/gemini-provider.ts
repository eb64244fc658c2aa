import { describeProvider } from '../provider-description.js';
import { GEMINI_API_BASE_URL, geminiApiEndpoint } from './gemini-api-endpoint.js';
import { lazyModule } from '../shared/lazy-module.js';

// Loaded only when the configuration has a provider of this type (registry.ts loadProviderTypes).
const adapterModule = lazyModule('Gemini adapter', () => import('./gemini-adapter.js'));

/**
 * The Gemini API (Google AI Studio keys, `x-goog-api-key`): what the registry knows of type
 * `gemini`. Google publishes no Statuspage feed for it, so none is polled by default.
 */
export const geminiProvider = describeProvider({
  load: adapterModule.load,
  keyRequired: true,
  settings: {},
  defaultBaseUrl: () => GEMINI_API_BASE_URL,
  create: (provider, _settings, common) => adapterModule.get().createGeminiAdapter({ ...common, type: 'gemini', endpoint: geminiApiEndpoint(provider.name) }),
});
