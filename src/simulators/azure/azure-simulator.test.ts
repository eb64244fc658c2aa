import AnthropicFoundry from '@anthropic-ai/foundry-sdk';
import { getBearerTokenProvider, ManagedIdentityCredential } from '@azure/identity';
import OpenAI, { AzureOpenAI } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAzureSimulator, type AzureSimulatorHandle } from './start-azure-simulator.js';

// The Azure simulators against the clients Microsoft and Anthropic ship: @anthropic-ai/foundry-sdk,
// openai's AzureOpenAI (deployment URLs) and OpenAI on the v1 API, with keys and with Entra ID
// tokens that @azure/identity's ManagedIdentityCredential fetches from the simulated endpoint.

const FOUNDRY_KEY = 'foundry-test-key-000000000001';
const AZURE_KEY = 'azure-openai-test-key-0000001';
const SCOPE = 'https://cognitiveservices.azure.com/.default';

let foundry: AzureSimulatorHandle;
let azure: AzureSimulatorHandle;
const savedEnvironment = { IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT, IDENTITY_HEADER: process.env.IDENTITY_HEADER };

beforeAll(async () => {
  foundry = await startAzureSimulator({ service: 'foundry', keys: [FOUNDRY_KEY], script: [{ match: { lastUserText: 'capital' }, reply: { text: 'Paris.' } }] });
  azure = await startAzureSimulator({ service: 'azure-openai', keys: [AZURE_KEY], deployments: ['gpt-4o-prod'], script: [{ match: { lastUserText: 'capital' }, reply: { text: 'Paris.' } }] });
});
afterAll(async () => {
  await foundry.close();
  await azure.close();
});
afterEach(() => {
  foundry.control.clearRequests();
  azure.control.clearRequests();
  for (const [name, value] of Object.entries(savedEnvironment)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** A managed identity whose endpoint is `sim`'s token endpoint, as on App Service. */
function managedIdentity(sim: AzureSimulatorHandle): ManagedIdentityCredential {
  Object.assign(process.env, sim.identityEnvironment);
  return new ManagedIdentityCredential();
}

describe('Claude on Foundry simulator', () => {
  it('answers the Foundry SDK with its key, at /anthropic/v1/messages', async () => {
    const client = new AnthropicFoundry({ baseURL: foundry.url, apiKey: FOUNDRY_KEY, maxRetries: 0 });
    const message = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'The capital of France?' }] });
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'Paris.' })]);
    const [request] = foundry.control.requests();
    expect(request?.path).toBe('/anthropic/v1/messages');
    expect(request?.headers['x-api-key']).toBe(FOUNDRY_KEY);
  });

  it('streams to the Foundry SDK authorised by an Entra ID token from ManagedIdentityCredential', async () => {
    const credential = managedIdentity(foundry);
    const client = new AnthropicFoundry({ baseURL: foundry.url, azureADTokenProvider: getBearerTokenProvider(credential, SCOPE), maxRetries: 0 });
    const stream = client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'The capital of France?' }] });
    const message = await stream.finalMessage();
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'Paris.' })]);
    const tokenRequest = foundry.control.requests().find((request) => request.path === '/msi/token');
    expect(new URLSearchParams(tokenRequest?.query).get('resource')).toBe('https://cognitiveservices.azure.com');
    const messagesRequest = foundry.control.requests().find((request) => request.path === '/anthropic/v1/messages');
    expect(messagesRequest?.headers.authorization).toMatch(/^Bearer eyJ/);
  });

  it('refuses a wrong key and an expired token with Azure 401s the SDK raises as AuthenticationError', async () => {
    const wrongKey = new AnthropicFoundry({ baseURL: foundry.url, apiKey: 'not-the-key', maxRetries: 0 });
    const request = { model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user' as const, content: 'hi' }] };
    await expect(wrongKey.messages.create(request)).rejects.toMatchObject({ status: 401, error: { error: { code: '401' } } });
    // Fetched by hand: a token from MSAL would stay in its process-wide cache for the other tests.
    const { IDENTITY_ENDPOINT, IDENTITY_HEADER } = foundry.identityEnvironment;
    const issued = await fetch(`${IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=https://cognitiveservices.azure.com`, { headers: { 'x-identity-header': IDENTITY_HEADER } });
    const token = ((await issued.json()) as { access_token: string }).access_token;
    foundry.issuer.expire(token);
    const expired = new AnthropicFoundry({ baseURL: foundry.url, azureADTokenProvider: async () => token, maxRetries: 0 });
    await expect(expired.messages.create(request)).rejects.toBeInstanceOf(AnthropicFoundry.AuthenticationError);
  });

  it('answers 404 outside /anthropic/', async () => {
    const response = await fetch(`${foundry.url.replace('/anthropic', '')}/v1/messages`, { method: 'POST', headers: { 'x-api-key': FOUNDRY_KEY }, body: '{}' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: '404', message: 'Resource not found' } });
  });
});

describe('Azure OpenAI simulator', () => {
  it('answers AzureOpenAI on the deployment URL with api-key and api-version', async () => {
    const client = new AzureOpenAI({ endpoint: azure.url, apiKey: AZURE_KEY, apiVersion: '2024-10-21', maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'gpt-4o-prod', messages: [{ role: 'user', content: 'The capital of France?' }] });
    expect(completion.choices[0]?.message.content).toBe('Paris.');
    const [request] = azure.control.requests();
    expect(request?.path).toBe('/openai/deployments/gpt-4o-prod/chat/completions');
    expect(request?.query).toBe('api-version=2024-10-21');
    expect(request?.headers['api-key']).toBe(AZURE_KEY);
  });

  it('streams to OpenAI on the v1 API with an Entra ID token', async () => {
    const credential = managedIdentity(azure);
    const token = await getBearerTokenProvider(credential, SCOPE)();
    const client = new OpenAI({ baseURL: `${azure.url}/openai/v1`, apiKey: token, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'gpt-4o-prod', stream: true, messages: [{ role: 'user', content: 'The capital of France?' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Paris.');
    expect(azure.control.requests().at(-1)?.path).toBe('/openai/v1/chat/completions');
  });

  it('opens a stream with the prompt-filter chunk Azure sends before any choice', async () => {
    const response = await fetch(`${azure.url}/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21`, {
      method: 'POST',
      headers: { 'api-key': AZURE_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'x', stream: true, messages: [{ role: 'user', content: 'The capital of France?' }] }),
    });
    const frames = (await response.text()).split('\n\n').filter((frame) => frame.startsWith('data: '));
    expect(JSON.parse(frames[0]!.slice(6))).toMatchObject({ choices: [], id: '', prompt_filter_results: [{ prompt_index: 0 }] });
    expect(frames.at(-1)).toBe('data: [DONE]');
  });

  it('refuses an unknown deployment, a missing api-version and a wrong key as Azure does', async () => {
    const client = new AzureOpenAI({ endpoint: azure.url, apiKey: AZURE_KEY, apiVersion: '2024-10-21', maxRetries: 0 });
    const messages = [{ role: 'user' as const, content: 'hi' }];
    await expect(client.chat.completions.create({ model: 'gpt-nope', messages })).rejects.toMatchObject({ status: 404, code: 'DeploymentNotFound' });
    const noVersion = await fetch(`${azure.url}/openai/deployments/gpt-4o-prod/chat/completions`, { method: 'POST', headers: { 'api-key': AZURE_KEY }, body: '{}' });
    expect(noVersion.status).toBe(404);
    const wrongKey = new AzureOpenAI({ endpoint: azure.url, apiKey: 'wrong', apiVersion: '2024-10-21', maxRetries: 0 });
    await expect(wrongKey.chat.completions.create({ model: 'gpt-4o-prod', messages })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('applies the shared faults behind the Azure door', async () => {
    azure.control.addFault({ kind: 'status', status: 429, retryAfterSeconds: 3 });
    const client = new AzureOpenAI({ endpoint: azure.url, apiKey: AZURE_KEY, apiVersion: '2024-10-21', maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'gpt-4o-prod', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 429 });
  });
});
