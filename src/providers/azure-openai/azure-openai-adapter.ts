import type { TokenCredential } from '@azure/identity';
import { COGNITIVE_SERVICES_SCOPE, createAzureAuthenticator, type EntraSettings } from '../azure-auth/azure-authenticator.js';
import { createOpenAIAdapter, type OpenAIAdapterConfig } from '../openai/openai-adapter.js';
import type { ProviderAdapter } from '../provider-adapter.js';

/** Which of Azure OpenAI's two URL schemes a provider uses. */
export type AzureOpenAIApi = 'v1' | 'deployments';

/** The GA `api-version` of the deployment-based API sent when none is configured. */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

/** Configuration of OpenAI models on Azure. */
export interface AzureOpenAIAdapterConfig extends Omit<OpenAIAdapterConfig, 'type' | 'authenticate' | 'chatPath'> {
  /** The resource endpoint, as AzureOpenAI's `endpoint` takes it: `https://RESOURCE.openai.azure.com` (no `/openai`). */
  baseUrl: string;
  /** `v1` (default): `/openai/v1/chat/completions`, the deployment in `model`. `deployments`: `/openai/deployments/{model}/chat/completions?api-version=…`. */
  api?: AzureOpenAIApi;
  /** `api-version` query: default {@link DEFAULT_AZURE_API_VERSION} on `deployments`, none on `v1` (which takes `preview` or nothing). */
  apiVersion?: string;
  /** Set: attempts without a key use a Microsoft Entra ID token. */
  entra?: EntraSettings & { credential: TokenCredential };
}

/** The path (after the resource endpoint) and query of one model's chat endpoint. */
export function azureChatPath(api: AzureOpenAIApi, apiVersion: string | undefined): (model: string) => string {
  if (api === 'v1') {
    const query = apiVersion ? `?api-version=${encodeURIComponent(apiVersion)}` : '';
    return () => `/openai/v1/chat/completions${query}`;
  }
  const query = `?api-version=${encodeURIComponent(apiVersion ?? DEFAULT_AZURE_API_VERSION)}`;
  return (model) => `/openai/deployments/${encodeURIComponent(model)}/chat/completions${query}`;
}

/**
 * OpenAI models on Azure: Chat Completions through the OpenAI adapter, with Azure's URLs (the v1
 * API or deployment paths with `api-version`) and Azure's authentication (`api-key`, as the
 * AzureOpenAI client sends it, or an Entra ID bearer token). The target's model is the deployment
 * name. Azure's errors (`{"error":{"code":"429",…}}`, `DeploymentNotFound`, `content_filter`) are
 * OpenAI-shaped and classified by the OpenAI rules: a content filter block is a 400, not an outage.
 * @example createAzureOpenAIAdapter({ id: 'azure', baseUrl: 'https://my-resource.openai.azure.com' })
 */
export function createAzureOpenAIAdapter(config: AzureOpenAIAdapterConfig): ProviderAdapter {
  const { entra, api, apiVersion, ...rest } = config;
  return createOpenAIAdapter({
    ...rest,
    type: 'azure-openai',
    // Azure's Responses API path is not checked here: off unless the configuration turns it on.
    quirks: { responsesApi: false, ...rest.quirks },
    chatPath: azureChatPath(api ?? 'v1', apiVersion),
    authenticate: createAzureAuthenticator({
      keyHeader: 'api-key',
      provider: config.id,
      ...(entra ? { entra: { credential: entra.credential, scope: entra.scope ?? COGNITIVE_SERVICES_SCOPE } } : {}),
    }),
  });
}
