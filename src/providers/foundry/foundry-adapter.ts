import type { TokenCredential } from '@azure/identity';
import { createAnthropicAdapter, type AnthropicAdapterConfig, type AnthropicCloud } from '../anthropic/anthropic-adapter.js';
import { COGNITIVE_SERVICES_SCOPE, createAzureAuthenticator, type EntraSettings } from '../azure-auth/azure-authenticator.js';
import type { ProviderAdapter } from '../provider-adapter.js';

/** Configuration of Claude on Microsoft Foundry. */
export interface FoundryAdapterConfig extends Omit<AnthropicAdapterConfig, 'cloud'> {
  /** The resource's Anthropic endpoint, as the Foundry SDK takes it: `https://RESOURCE.services.ai.azure.com/anthropic`. */
  baseUrl: string;
  /** Set: attempts without a key use a Microsoft Entra ID token (credential: DefaultAzureCredential unless given). */
  entra?: EntraSettings & { credential: TokenCredential };
}

/**
 * Claude on Microsoft Foundry: the Anthropic Messages API under the resource's `/anthropic/` path,
 * so the Anthropic adapter does the work (same-format passthrough with thinking signatures,
 * `cache_control`, betas and tools intact; translation otherwise) on Anthropic's own paths, body
 * and query. Only authentication differs: a Foundry key in `x-api-key`, as
 * `@anthropic-ai/foundry-sdk` sends it, or an Entra ID bearer token.
 * Models are deployment names, which Foundry gives the Anthropic alias by default (`claude-sonnet-4-5`).
 * @example createFoundryAdapter({ id: 'foundry', baseUrl: 'https://my-resource.services.ai.azure.com/anthropic' })
 */
export function createFoundryAdapter(config: FoundryAdapterConfig): ProviderAdapter {
  const { entra, ...rest } = config;
  const authenticate = createAzureAuthenticator({
    keyHeader: 'x-api-key',
    provider: config.id,
    ...(entra ? { entra: { credential: entra.credential, scope: entra.scope ?? COGNITIVE_SERVICES_SCOPE } } : {}),
  });
  const cloud: AnthropicCloud = {
    type: 'foundry',
    path: (kind, _model, _stream, query) => `${kind === 'messages' ? '/v1/messages' : '/v1/messages/count_tokens'}${query}`,
    body: (_kind, body) => body,
    headers: async (anthropicHeaders, attempt, target) => ({ ...anthropicHeaders, ...(await authenticate(attempt, target)) }),
  };
  return createAnthropicAdapter({ ...rest, cloud });
}
