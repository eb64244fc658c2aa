import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { bearerKey } from '../api-key.js';
import type { Exchange } from '../exchange.js';
import type { SimulatorFront } from '../types.js';
import { AZURE_ERRORS, sendAzureError } from './azure-errors.js';
import { EntraTokenIssuer, TOKEN_PATH } from './entra-token-issuer.js';

/** The two services on an Azure AI resource the simulator plays. */
export type AzureService = 'foundry' | 'azure-openai';

/** Settings shared by both services' fronts. */
export interface AzureFrontOptions {
  /** Accepted API keys; omitted = any non-empty key. */
  keys?: readonly string[];
  issuer: EntraTokenIssuer;
  /** azure-openai: deployment names; omitted = any name is a deployment. */
  deployments?: readonly string[];
}

/** The caller's credential as Azure checks it: `api-key` or `x-api-key`, else a bearer token. */
function authenticate(headers: IncomingHttpHeaders, options: AzureFrontOptions): { key: string } | { refuse: 'key' | 'token' } {
  const apiKey = headers['api-key'] ?? headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.length > 0) {
    return options.keys === undefined || options.keys.includes(apiKey) ? { key: apiKey } : { refuse: 'key' };
  }
  const token = bearerKey(headers);
  if (token && options.issuer.accepts(token)) return { key: token };
  return { refuse: token ? 'token' : 'key' };
}

/** Token requests, then authentication, then the service's own routing. */
function withAzureDoor(options: AzureFrontOptions, route: (exchange: Exchange, next: (exchange: Exchange) => Promise<void>) => Promise<void>) {
  return async (exchange: Exchange, next: (exchange: Exchange) => Promise<void>): Promise<void> => {
    if (exchange.method === 'GET' && exchange.path === TOKEN_PATH) return options.issuer.answer(exchange);
    const auth = authenticate(exchange.request.headers, options);
    if ('refuse' in auth) return sendAzureError(exchange, auth.refuse === 'token' ? AZURE_ERRORS.invalidToken : AZURE_ERRORS.invalidKey);
    return route({ ...exchange, authenticatedKey: auth.key }, next);
  };
}

const FOUNDRY_PREFIX = '/anthropic';

/**
 * Claude on Microsoft Foundry: the Anthropic Messages API under `/anthropic/`, behind Azure's key
 * (`x-api-key`, as @anthropic-ai/foundry-sdk sends it, or `api-key`) or Entra ID token check.
 */
export function foundryFront(options: AzureFrontOptions): SimulatorFront {
  return {
    baseUrl: (origin) => `${origin}${FOUNDRY_PREFIX}`,
    handle: withAzureDoor(options, async (exchange, next) => {
      if (!exchange.path.startsWith(`${FOUNDRY_PREFIX}/`)) return sendAzureError(exchange, AZURE_ERRORS.resourceNotFound);
      return next({ ...exchange, path: exchange.path.slice(FOUNDRY_PREFIX.length) });
    }),
  };
}

const SAFE = { filtered: false, severity: 'safe' };
/** The chunk Azure OpenAI streams first: the prompt's content filter verdict, with no choices and empty ids. */
const PROMPT_FILTER_FRAME = `data: ${JSON.stringify({
  choices: [],
  created: 0,
  id: '',
  model: '',
  object: '',
  prompt_filter_results: [{ prompt_index: 0, content_filter_results: { hate: SAFE, self_harm: SAFE, sexual: SAFE, violence: SAFE } }],
})}\n\n`;

/** Makes a streamed answer open with Azure's prompt-filter chunk, as the real service does (clients must skip it). */
function withPromptFilterFrame(exchange: Exchange): Exchange {
  const { response } = exchange;
  const write = response.write.bind(response) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const end = response.end.bind(response) as (chunk?: unknown, ...rest: unknown[]) => ServerResponse;
  let first = true;
  // Headers went out with writeHead, so the first body bytes tell a stream (`data: …`) from JSON.
  const beforeFirst = (chunk: unknown): void => {
    const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8', 0, 6) : '';
    if (!first || text.length === 0) return;
    first = false;
    if (text.startsWith('data: ')) write(PROMPT_FILTER_FRAME);
  };
  response.write = ((chunk: unknown, ...rest: unknown[]) => {
    beforeFirst(chunk);
    return write(chunk, ...rest);
  }) as typeof response.write;
  response.end = ((chunk?: unknown, ...rest: unknown[]) => {
    beforeFirst(chunk);
    return end(chunk, ...rest);
  }) as typeof response.end;
  return exchange;
}

const DEPLOYMENT_PATH = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/;
const V1_PATH = '/openai/v1/chat/completions';
/** Dated GA and preview versions (`2024-10-21`, `2025-04-01-preview`). */
const DATED_API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

/**
 * OpenAI models on Azure: `/openai/deployments/{deployment}/chat/completions?api-version=…` (the
 * deployment decides the model; the body's `model` is ignored) and the v1 API
 * `/openai/v1/chat/completions` (the deployment in `model`; `api-version` absent or `preview`).
 */
export function azureOpenAIFront(options: AzureFrontOptions): SimulatorFront {
  const isDeployment = (name: unknown): name is string => typeof name === 'string' && (options.deployments === undefined || options.deployments.includes(name));
  return {
    baseUrl: (origin) => origin,
    handle: withAzureDoor(options, async (exchange, next) => {
      const apiVersion = new URLSearchParams(exchange.query).get('api-version');
      const deployment = DEPLOYMENT_PATH.exec(exchange.path);
      if (deployment && exchange.method === 'POST') {
        if (apiVersion === null || !DATED_API_VERSION.test(apiVersion)) return sendAzureError(exchange, AZURE_ERRORS.resourceNotFound);
        const name = decodeURIComponent(deployment[1]!);
        if (!isDeployment(name)) return sendAzureError(exchange, AZURE_ERRORS.deploymentNotFound);
        const body = typeof exchange.body === 'object' && exchange.body !== null ? { ...exchange.body, model: name } : exchange.body;
        return next(withPromptFilterFrame({ ...exchange, path: '/v1/chat/completions', body }));
      }
      if (exchange.path === V1_PATH && exchange.method === 'POST') {
        if (apiVersion !== null && apiVersion !== 'preview' && apiVersion !== 'latest') return sendAzureError(exchange, AZURE_ERRORS.apiVersionNotSupported);
        const model = (exchange.body as { model?: unknown } | undefined)?.model;
        if (model !== undefined && !isDeployment(model)) return sendAzureError(exchange, AZURE_ERRORS.deploymentNotFound);
        return next(withPromptFilterFrame({ ...exchange, path: '/v1/chat/completions' }));
      }
      return sendAzureError(exchange, AZURE_ERRORS.resourceNotFound);
    }),
  };
}
