import { z } from 'zod';
import { AZURE_STATUS_PAGE, ENTRA_LABEL, entraOption, entraSetting } from '../azure-auth/azure-authenticator.js';
import { parseQuirksSetting, quirksSetting } from '../openai/openai-quirks.js';
import { describeProvider } from '../provider-description.js';
import { lazyModule } from '../shared/lazy-module.js';

// Loaded only when the configuration has a provider of this type (registry.ts loadProviderTypes).
const adapterModule = lazyModule('Azure OpenAI adapter', () => import('./azure-openai-adapter.js'));

/**
 * OpenAI models on Azure. Keys are optional once `entra` is set. Azure publishes no Statuspage
 * feed, so none is polled unless configured.
 */
export const azureOpenAIProvider = describeProvider({
  load: adapterModule.load,
  keyRequired: (settings) => settings.entra === undefined,
  officialPage: AZURE_STATUS_PAGE,
  keylessLabel: ENTRA_LABEL,
  settings: {
    entra: entraSetting,
    /** `v1` (default): /openai/v1/chat/completions; `deployments`: /openai/deployments/{model}/chat/completions. */
    api: z.enum(['v1', 'deployments'], { error: 'expected v1 or deployments' }).optional(),
    /** The `api-version` query (default 2024-10-21 on deployments, none on v1). */
    api_version: z.string().min(1).optional(),
    quirks: quirksSetting,
  },
  describeSettings: (settings) => [`api=${settings.api ?? 'v1'}`, ...(settings.api_version ? [`api-version=${settings.api_version}`] : []), ...(settings.entra !== undefined ? ['entra'] : [])].join(' '),
  create: (provider, settings, common) =>
    adapterModule.get().createAzureOpenAIAdapter({
      ...common,
      ...entraOption(settings.entra),
      ...(settings.api ? { api: settings.api } : {}),
      ...(settings.api_version ? { apiVersion: settings.api_version } : {}),
      ...(settings.quirks ? { quirks: parseQuirksSetting(provider.name, settings.quirks) } : {}),
    }),
});
