import { startSimulator } from '../start-simulator.js';
import type { SimulatorHandle, StartSimulatorOptions } from '../types.js';
import { azureOpenAIFront, foundryFront, type AzureService } from './azure-front.js';
import { EntraTokenIssuer, TOKEN_PATH } from './entra-token-issuer.js';

/** Options of {@link startAzureSimulator}: the format's simulator options, minus the format. */
export interface StartAzureSimulatorOptions extends Omit<StartSimulatorOptions, 'format' | 'front'> {
  service: AzureService;
  /** azure-openai: deployment names; omitted = any. */
  deployments?: string[];
  /** Lifetime of Entra ID tokens the identity endpoint issues; default 3600. */
  tokenTtlSeconds?: number;
  /** The `X-IDENTITY-HEADER` value the identity endpoint expects; default `sim-identity-header`. */
  identityHeader?: string;
}

/** A running Azure simulator: the format simulator's handle plus its Entra ID side. */
export interface AzureSimulatorHandle extends SimulatorHandle {
  /** Managed-identity environment for @azure/identity: `IDENTITY_ENDPOINT` and `IDENTITY_HEADER` (App Service). */
  identityEnvironment: { IDENTITY_ENDPOINT: string; IDENTITY_HEADER: string };
  issuer: EntraTokenIssuer;
}

/**
 * Starts a simulated Azure AI resource: Claude on Foundry (`service: 'foundry'`, url
 * `http://host:port/anthropic` as the Foundry SDK's baseURL) or Azure OpenAI (`azure-openai`, url
 * `http://host:port` as AzureOpenAI's endpoint), with a managed-identity token endpoint. Faults,
 * scripts and recording are the format simulator's.
 * @example
 * const sim = await startAzureSimulator({ service: 'foundry', keys: ['foundry-key'] });
 * const client = new AnthropicFoundry({ baseURL: sim.url, apiKey: 'foundry-key' });
 */
export async function startAzureSimulator(options: StartAzureSimulatorOptions): Promise<AzureSimulatorHandle> {
  const { service, deployments, tokenTtlSeconds, identityHeader, ...rest } = options;
  const issuer = new EntraTokenIssuer({ identityHeader: identityHeader ?? 'sim-identity-header', tokenTtlSeconds: tokenTtlSeconds ?? 3600 });
  const frontOptions = { issuer, ...(rest.keys ? { keys: rest.keys } : {}), ...(deployments ? { deployments } : {}) };
  const handle = await startSimulator({
    ...rest,
    name: rest.name ?? `${service}-simulator`,
    format: service === 'foundry' ? 'anthropic' : 'openai',
    front: service === 'foundry' ? foundryFront(frontOptions) : azureOpenAIFront(frontOptions),
  });
  const origin = `http://127.0.0.1:${handle.port}`;
  return { ...handle, issuer, identityEnvironment: { IDENTITY_ENDPOINT: `${origin}${TOKEN_PATH}`, IDENTITY_HEADER: identityHeader ?? 'sim-identity-header' } };
}
