import { describeProvider } from '../provider-description.js';
import { createOpenAIAdapter } from './openai-adapter.js';
import { parseQuirksSetting, quirksSetting } from './openai-quirks.js';

/** OpenAI Chat Completions: what the registry and the rest of Lifeline know of type `openai`. */
export const openAIProvider = describeProvider({
  keyRequired: true,
  defaultStatusPageUrl: 'https://status.openai.com/api/v2/summary.json',
  settings: { quirks: quirksSetting },
  create: (provider, settings, common) =>
    createOpenAIAdapter({ ...common, ...(settings.quirks ? { quirks: parseQuirksSetting(provider.name, settings.quirks) } : {}) }),
});
