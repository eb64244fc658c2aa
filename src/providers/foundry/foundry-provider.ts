import { z } from 'zod';
import { AZURE_STATUS_PAGE, ENTRA_LABEL, entraOption, entraSetting } from '../azure-auth/azure-authenticator.js';
import { describeProvider } from '../provider-description.js';
import { lazyModule } from '../shared/lazy-module.js';

// Loaded only when the configuration has a provider of this type (registry.ts loadProviderTypes).
const adapterModule = lazyModule('Foundry adapter', () => import('./foundry-adapter.js'));

/**
 * Claude on Microsoft Foundry. Keys are optional once `entra` is set (a Microsoft Entra ID token
 * is used instead). Azure publishes no Statuspage feed, so none is polled unless configured.
 */
export const foundryProvider = describeProvider({
  load: adapterModule.load,
  keyRequired: (settings) => settings.entra === undefined,
  // Deployments carry the Anthropic alias by default; `model_map` names others.
  claudeCloud: 'foundry',
  officialPage: AZURE_STATUS_PAGE,
  keylessLabel: ENTRA_LABEL,
  settings: {
    entra: entraSetting,
    /** The API version sent on translated requests (as for type anthropic). */
    anthropic_version: z.string().optional(),
    /** max_tokens for translated requests that set none (as for type anthropic). */
    default_max_tokens: z.number().int().positive().optional(),
  },
  describeSettings: (settings) => (settings.entra !== undefined ? 'entra' : ''),
  create: (_provider, settings, common) =>
    adapterModule.get().createFoundryAdapter({
      ...common,
      ...entraOption(settings.entra),
      ...(settings.anthropic_version ? { anthropicVersion: settings.anthropic_version } : {}),
      ...(settings.default_max_tokens ? { defaultMaxTokens: settings.default_max_tokens } : {}),
    }),
});
