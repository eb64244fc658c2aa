import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AzureSimulatorHandle, ScriptRule } from '../../src/simulators/index.js';
import { startStack, type Stack } from '../support/start-stack.js';
import { waitUntil } from '../support/wait-until.js';

// Issue 12, the Azure half: Claude on Microsoft Foundry and OpenAI models on Azure behind Lifeline,
// reached by the official Anthropic and OpenAI SDKs (same format and translated, streamed and not,
// a tool loop), authenticated by key and by a Microsoft Entra ID token, errors classified.

const FOUNDRY_KEY = 'foundry-lifeline-key-0000000000000001';
const AZURE_GOOD_KEY = 'azure-lifeline-key-000000000000000002';
const AZURE_BAD_KEY = 'azure-lifeline-key-000000000000000bad';
const CLIENT_KEY = 'sk-client-own-key-azure-9999';
const ANSWER = 'Paris is the capital of France.';
const SIGNATURE_THINKING = 'The user asks about France; the capital is Paris.';

const SCRIPT: ScriptRule[] = [
  { match: { lastMessageIsToolResult: true, toolResultContains: 'sunny' }, reply: { text: 'FINAL: sunny in Paris.' } },
  { match: { lastUserText: 'weather' }, reply: { toolCalls: [{ name: 'get_weather', input: { city: 'Paris' } }] } },
  { match: { lastUserText: 'think first' }, reply: { thinking: SIGNATURE_THINKING, text: ANSWER } },
  { match: { lastUserText: 'capital' }, reply: { text: ANSWER } },
];

const WEATHER_TOOL = { name: 'get_weather', description: 'Weather of a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } };

let stack: Stack;
const sim = (name: string) => stack.sims[name] as AzureSimulatorHandle;
const savedEnvironment = { IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT, IDENTITY_HEADER: process.env.IDENTITY_HEADER };

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { name: 'foundry', azure: { service: 'foundry' }, simulator: { format: 'anthropic', keys: [FOUNDRY_KEY], script: SCRIPT }, keys: [FOUNDRY_KEY] },
      {
        name: 'azure',
        azure: { service: 'azure-openai', deployments: ['gpt-4o-prod'] },
        simulator: { format: 'openai', keys: [AZURE_GOOD_KEY], script: SCRIPT },
        keys: [AZURE_GOOD_KEY],
        extra: { api: 'deployments', api_version: '2024-10-21' },
      },
      { name: 'azurev1', azure: { service: 'azure-openai', deployments: ['gpt-4o-prod'] }, simulator: { format: 'openai', script: SCRIPT }, keys: [AZURE_GOOD_KEY] },
      // One bad key of two: auth is scoped to that key, the other keeps serving.
      { name: 'azurekeys', azure: { service: 'azure-openai' }, simulator: { format: 'openai', keys: [AZURE_GOOD_KEY], script: SCRIPT }, keys: [AZURE_BAD_KEY, AZURE_GOOD_KEY] },
    ],
    routes: {
      'claude-foundry': ['foundry/claude-sonnet-4-5'],
      'gpt-azure': ['azure/gpt-4o-prod'],
      'claude-via-azure': ['azurev1/gpt-4o-prod'],
      'gpt-via-foundry': ['foundry/claude-sonnet-4-5'],
      'gpt-keys': ['azurekeys/gpt-4o-prod'],
      'claude-filtered': ['azure/gpt-4o-prod', 'foundry/claude-sonnet-4-5'],
    },
    config: { admin: { token: 'admin-token-azure-e2e-000' } },
  });
});
afterAll(async () => {
  await stack?.close();
  for (const [name, value] of Object.entries(savedEnvironment)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
beforeEach(() => {
  for (const each of Object.values(stack.sims)) {
    each.control.clearRequests();
    each.control.clearFaults();
  }
});

const anthropic = () => new Anthropic({ baseURL: stack.anthropicBaseUrl, apiKey: CLIENT_KEY, maxRetries: 0 });
const openai = () => new OpenAI({ baseURL: stack.openaiBaseUrl, apiKey: CLIENT_KEY, maxRetries: 0 });
/** The OpenAI SDK's answer text to the capital question, streamed or not. */
async function chatText(model: string, stream: boolean): Promise<string> {
  const messages = [{ role: 'user' as const, content: 'The capital of France?' }];
  if (!stream) return (await openai().chat.completions.create({ model, messages })).choices[0]?.message.content ?? '';
  let text = '';
  for await (const chunk of await openai().chat.completions.create({ model, messages, stream: true })) text += chunk.choices[0]?.delta.content ?? '';
  return text;
}
const modelRequests = (name: string) => sim(name).control.requests().filter((request) => request.path !== '/msi/token');

describe('Claude on Foundry through Lifeline', () => {
  it.each([false, true])('passes an Anthropic SDK request through to /anthropic/v1/messages with the Foundry key (stream %s), thinking signature intact', async (stream) => {
    const request = { model: 'claude-foundry', max_tokens: 256, messages: [{ role: 'user' as const, content: 'think first: the capital of France?' }] };
    const message = stream ? await anthropic().messages.stream(request).finalMessage() : await anthropic().messages.create(request);
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    const thinking = message.content[0];
    expect(thinking?.type === 'thinking' && thinking.signature.length).toBeGreaterThan(10);
    expect(message.content[1]).toMatchObject({ type: 'text', text: ANSWER });
    const [upstream] = modelRequests('foundry');
    expect(upstream?.path).toBe('/anthropic/v1/messages');
    expect(upstream?.headers['x-api-key']).toBe(FOUNDRY_KEY);
    expect(JSON.stringify(upstream?.headers)).not.toContain(CLIENT_KEY);
    expect((upstream?.body as { model: string }).model).toBe('claude-sonnet-4-5');

    // The next turn carries the signed thinking block back to Foundry byte for byte.
    sim('foundry').control.clearRequests();
    await anthropic().messages.create({ ...request, messages: [...request.messages, { role: 'assistant', content: message.content }, { role: 'user', content: 'the capital again?' }] });
    const replayed = (modelRequests('foundry')[0]?.body as { messages: Array<{ content: unknown }> }).messages[1]?.content;
    expect(replayed).toEqual(JSON.parse(JSON.stringify(message.content)));
  });

  it.each([false, true])('translates an OpenAI SDK request to Foundry (stream %s)', async (stream) => {
    expect(await chatText('gpt-via-foundry', stream)).toBe(ANSWER);
    expect(modelRequests('foundry')[0]?.path).toBe('/anthropic/v1/messages');
  });
});

describe('OpenAI models on Azure through Lifeline', () => {
  it.each([false, true])('passes an OpenAI SDK request through to the deployment URL with api-key and api-version (stream %s)', async (stream) => {
    expect(await chatText('gpt-azure', stream)).toBe(ANSWER);
    const [upstream] = modelRequests('azure');
    expect(upstream?.path).toBe('/openai/deployments/gpt-4o-prod/chat/completions');
    expect(upstream?.query).toBe('api-version=2024-10-21');
    expect(upstream?.headers['api-key']).toBe(AZURE_GOOD_KEY);
    expect(upstream?.headers.authorization).toBeUndefined();
  });

  it.each([false, true])('runs an Anthropic SDK tool loop translated to the v1 API (stream %s)', async (stream) => {
    const client = anthropic();
    const ask = (messages: Anthropic.MessageParam[]) => {
      const request = { model: 'claude-via-azure', max_tokens: 256, tools: [WEATHER_TOOL], messages };
      return stream ? client.messages.stream(request).finalMessage() : client.messages.create(request);
    };
    const question: Anthropic.MessageParam = { role: 'user', content: 'What is the weather in Paris?' };
    const first = await ask([question]);
    expect(first.stop_reason).toBe('tool_use');
    const call = first.content.find((block) => block.type === 'tool_use');
    expect(call).toMatchObject({ name: 'get_weather', input: { city: 'Paris' } });
    const final = await ask([question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call!.id, content: 'sunny, 24C' }] }]);
    expect(final.content).toEqual([expect.objectContaining({ type: 'text', text: 'FINAL: sunny in Paris.' })]);
    const requests = modelRequests('azurev1');
    expect(requests.map((request) => request.path)).toEqual(['/openai/v1/chat/completions', '/openai/v1/chat/completions']);
    expect((requests[1]?.body as { model: string }).model).toBe('gpt-4o-prod');
  });

  it('scopes a wrong Azure key to that key: the other key answers and the admin list names only its label', async () => {
    for (let index = 0; index < 3; index++) {
      const completion = await openai().chat.completions.create({ model: 'gpt-keys', messages: [{ role: 'user', content: 'The capital of France?' }] });
      expect(completion.choices[0]?.message.content).toBe(ANSWER);
    }
    // The verdict engine judges keys on its own tick: wait for it to have judged this one.
    const judged = await waitUntil(
      async () => {
        const text = await (await fetch(`${stack.anthropicBaseUrl}/admin/keys`, { headers: { authorization: 'Bearer admin-token-azure-e2e-000' } })).text();
        const bad = (JSON.parse(text) as { keys: Array<{ provider: string; label: string; failing: boolean; failingClass?: string }> }).keys.find((key) => key.provider === 'azurekeys' && key.label === 'key-1 …0bad');
        return bad?.failing ? { text, bad } : undefined;
      },
      { timeoutMs: 20_000, description: 'the bad Azure key judged failing' },
    );
    expect(judged.value.bad.failingClass).toBe('auth');
    expect(judged.value.text).not.toContain(AZURE_BAD_KEY);
  });

  it('gives the client a content filter block as a 400 without failing over: a safety block is not an outage', async () => {
    sim('azure').control.addFault({ kind: 'status', status: 400, errorCode: 'content_filter', message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy." });
    const attempt = openai().chat.completions.create({ model: 'claude-filtered', messages: [{ role: 'user', content: 'The capital of France?' }] });
    await expect(attempt).rejects.toMatchObject({ status: 400 });
    expect(modelRequests('foundry')).toHaveLength(0);
  });
});

describe('Microsoft Entra ID', () => {
  let entraStack: Stack;
  beforeAll(async () => {
    entraStack = await startStack({
      providers: [
        { name: 'foundry', azure: { service: 'foundry' }, simulator: { format: 'anthropic', keys: ['nobody-has-this-key'], script: SCRIPT }, keys: [], extra: { entra: true } },
        // A scope Azure OpenAI does not take: the token is obtained, and refused for its audience.
        { name: 'azure', azure: { service: 'azure-openai' }, simulator: { format: 'openai', script: SCRIPT }, keys: [], extra: { entra: { scope: 'https://ai.azure.com/.default' } } },
      ],
      routes: { 'claude-entra': ['foundry/claude-sonnet-4-5'], 'gpt-entra': ['azure/gpt-4o-prod'] },
    });
    // DefaultAzureCredential finds the App Service managed identity of the Foundry simulator.
    Object.assign(process.env, (entraStack.sims.foundry as AzureSimulatorHandle).identityEnvironment);
  });
  afterAll(async () => entraStack?.close());

  it('authorises Foundry requests with one cached token from DefaultAzureCredential', async () => {
    const client = new Anthropic({ baseURL: entraStack.anthropicBaseUrl, apiKey: CLIENT_KEY, maxRetries: 0 });
    for (let index = 0; index < 3; index++) {
      const message = await client.messages.create({ model: 'claude-entra', max_tokens: 64, messages: [{ role: 'user', content: 'The capital of France?' }] });
      expect(message.content[0]).toMatchObject({ type: 'text', text: ANSWER });
    }
    const foundry = entraStack.sims.foundry as AzureSimulatorHandle;
    expect(foundry.issuer.issued).toBe(1);
    const requests = foundry.control.requests().filter((request) => request.path === '/anthropic/v1/messages');
    expect(requests).toHaveLength(3);
    for (const request of requests) {
      expect(request.headers.authorization).toMatch(/^Bearer eyJ/);
      expect(request.headers['x-api-key']).toBeUndefined();
    }
  });

  it('classifies a token for the wrong audience as auth, with Azure words and without the token', async () => {
    const client = new OpenAI({ baseURL: `${entraStack.openaiBaseUrl}`, apiKey: CLIENT_KEY, maxRetries: 0 });
    const failure = await client.chat.completions.create({ model: 'gpt-entra', messages: [{ role: 'user', content: 'The capital of France?' }] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    const error = failure as InstanceType<typeof OpenAI.APIError>;
    expect(error.message).toMatch(/azure\/gpt-4o-prod: auth 401 \(Unauthorized\. Access token is missing, invalid, audience is incorrect/);
    expect(error.message).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
    const tokenRequest = entraStack.sims.foundry!.control.requests().find((request) => new URLSearchParams(request.query).get('resource') === 'https://ai.azure.com');
    expect(tokenRequest).toBeDefined();
  });
});
