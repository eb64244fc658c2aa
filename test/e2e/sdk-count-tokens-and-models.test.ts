import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anthropicConversationFacts } from '../../src/simulators/anthropic/anthropic-conversation.js';
import { anthropicCountTokensRequestSchema } from '../../src/simulators/anthropic/anthropic-request-schema.js';
import { estimateTokens } from '../../src/simulators/estimate-tokens.js';
import { startStack, type Stack } from '../support/start-stack.js';

// count_tokens (exact from an Anthropic target, estimated otherwise) and the model list in both
// API shapes, through raw HTTP and both SDKs.

const CLIENT_KEY = 'sk-client-own-key-5555';
const ACCEPTED_MODELS = ['claude-haiku-4-5', 'claude-sonnet-4-6', 'claude-via-openai', 'gpt-5', 'gpt-5-mini', 'openai-first'];

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { name: 'asim', simulator: { format: 'anthropic' }, extra: { models: ['claude-sonnet-4-6', 'claude-haiku-4-5'] } },
      { name: 'osim', simulator: { format: 'openai' }, extra: { models: ['gpt-5', 'gpt-5-mini'] } },
    ],
    routes: {
      'claude-via-openai': ['osim/gpt-5'],
      'openai-first': ['osim/gpt-5', 'asim/claude-haiku-4-5'],
      'claude-*': ['asim/*'],
      'gpt-*': ['osim/*'],
    },
  });
});
afterAll(async () => stack?.close());
beforeEach(() => {
  for (const sim of Object.values(stack.sims)) {
    sim.control.clearRequests();
    sim.control.clearFaults();
  }
});

const anthropicClient = () => new Anthropic({ baseURL: stack.anthropicBaseUrl, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 10_000 });
const openaiClient = () => new OpenAI({ baseURL: stack.openaiBaseUrl, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 10_000 });

describe('count_tokens', () => {
  it('is exact when the route leads to an Anthropic target', async () => {
    const params = {
      model: 'claude-sonnet-4-6',
      system: 'You count tokens for a living.',
      tools: [{ name: 'lookup', description: 'Looks up a word', input_schema: { type: 'object' as const, properties: { word: { type: 'string' } } } }],
      messages: [{ role: 'user' as const, content: 'How many tokens is this sentence, roughly speaking?' }],
    };
    const { data, response } = await anthropicClient().messages.countTokens(params).withResponse();
    expect(response.status).toBe(200);
    expect(response.headers.get('x-lifeline-token-count')).toBe('exact');
    expect(response.headers.get('x-lifeline-provider')).toBe('asim');
    expect(response.headers.get('x-lifeline-model')).toBe('claude-sonnet-4-6');

    const requests = stack.sims['asim']!.control.requests();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.path).toBe('/v1/messages/count_tokens');
    // The count_tokens body reaches the provider as sent: no max_tokens, no stream.
    expect(requests[0]!.body).toEqual(params);
    expect(requests[0]!.headers['x-api-key']).toBe('sk-asim-test-0001');
    const facts = anthropicConversationFacts(anthropicCountTokensRequestSchema.parse(requests[0]!.body));
    expect(data).toEqual({ input_tokens: estimateTokens(facts.inputCharacters) });
  });

  it('is an estimate, marked as one, when the route has only an OpenAI target', async () => {
    const text = 'abcd '.repeat(800); // 4000 characters
    const { data, response } = await anthropicClient()
      .messages.countTokens({ model: 'claude-via-openai', messages: [{ role: 'user', content: text }] })
      .withResponse();
    expect(response.status).toBe(200);
    expect(response.headers.get('x-lifeline-token-count')).toBe('estimated');
    // About four characters a token, plus a little framing.
    expect(data.input_tokens).toBeGreaterThanOrEqual(1000);
    expect(data.input_tokens).toBeLessThanOrEqual(1050);
    const longer = await anthropicClient().messages.countTokens({ model: 'claude-via-openai', messages: [{ role: 'user', content: text + text }] });
    expect(longer.input_tokens).toBeGreaterThan(data.input_tokens + 900);
    // OpenAI has no count endpoint: nothing was sent there.
    expect(stack.sims['osim']!.control.requests()).toHaveLength(0);
  });

  it('asks the first Anthropic-type target even when an OpenAI target comes first', async () => {
    const { data, response } = await anthropicClient()
      .messages.countTokens({ model: 'openai-first', messages: [{ role: 'user', content: 'Count me in.' }] })
      .withResponse();
    expect(response.headers.get('x-lifeline-token-count')).toBe('exact');
    expect(response.headers.get('x-lifeline-provider')).toBe('asim');
    expect(response.headers.get('x-lifeline-model')).toBe('claude-haiku-4-5');
    const requests = stack.sims['asim']!.control.requests();
    expect(requests.map((request) => [request.path, (request.body as { model?: unknown }).model])).toEqual([['/v1/messages/count_tokens', 'claude-haiku-4-5']]);
    const facts = anthropicConversationFacts(anthropicCountTokensRequestSchema.parse(requests[0]!.body));
    expect(data.input_tokens).toBe(estimateTokens(facts.inputCharacters));
    expect(stack.sims['osim']!.control.requests()).toHaveLength(0);
  });

  it('falls back to a marked estimate when the Anthropic target fails', async () => {
    stack.sims['asim']!.control.addFault({ kind: 'status', status: 529, errorType: 'overloaded_error', persistent: true });
    const { data, response } = await anthropicClient()
      .messages.countTokens({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'abcd '.repeat(200) }] })
      .withResponse();
    expect(response.status).toBe(200);
    expect(response.headers.get('x-lifeline-token-count')).toBe('estimated');
    expect(response.headers.get('x-lifeline-failovers')).toContain('asim/claude-sonnet-4-6');
    expect(data.input_tokens).toBeGreaterThanOrEqual(250);
    expect(data.input_tokens).toBeLessThanOrEqual(260);
  });
});

describe('GET /v1/models', () => {
  it('answers in OpenAI shape without anthropic-version', async () => {
    const response = await fetch(`${stack.lifeline.url}/v1/models`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { object: string; data: Array<Record<string, unknown>> };
    expect(body.object).toBe('list');
    expect(body.data.map((model) => model['id']).sort()).toEqual(ACCEPTED_MODELS);
    for (const model of body.data) {
      expect(Object.keys(model).sort()).toEqual(['created', 'id', 'object', 'owned_by']);
      expect(model['object']).toBe('model');
      expect(Number.isInteger(model['created'])).toBe(true);
      expect(typeof model['owned_by']).toBe('string');
    }
  });

  it('answers in Anthropic shape with anthropic-version', async () => {
    const response = await fetch(`${stack.lifeline.url}/v1/models`, { headers: { 'anthropic-version': '2023-06-01' } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: Array<Record<string, unknown>>; has_more: boolean; first_id: string; last_id: string };
    expect(body.has_more).toBe(false);
    const ids = body.data.map((model) => model['id'] as string);
    expect([...ids].sort()).toEqual(ACCEPTED_MODELS);
    expect(body.first_id).toBe(ids[0]);
    expect(body.last_id).toBe(ids.at(-1));
    for (const model of body.data) {
      expect(model['type']).toBe('model');
      expect(typeof model['display_name']).toBe('string');
      expect(Number.isNaN(Date.parse(String(model['created_at'])))).toBe(false);
    }
  });

  it('lists and retrieves through the Anthropic SDK', async () => {
    const ids: string[] = [];
    for await (const model of anthropicClient().models.list()) {
      expect(model.type).toBe('model');
      ids.push(model.id);
    }
    expect(ids.sort()).toEqual(ACCEPTED_MODELS);
    const one = await anthropicClient().models.retrieve('claude-opus-4-7');
    expect(one).toMatchObject({ type: 'model', id: 'claude-opus-4-7' });
    await expect(anthropicClient().models.retrieve('mistral-large')).rejects.toMatchObject({
      status: 404,
      error: { type: 'error', error: { type: 'not_found_error' } },
    });
  });

  it('lists and retrieves through the OpenAI SDK', async () => {
    const ids: string[] = [];
    for await (const model of openaiClient().models.list()) {
      expect(model.object).toBe('model');
      ids.push(model.id);
    }
    expect(ids.sort()).toEqual(ACCEPTED_MODELS);
    const one = await openaiClient().models.retrieve('gpt-5');
    expect(one).toMatchObject({ object: 'model', id: 'gpt-5' });
    await expect(openaiClient().models.retrieve('mistral-large')).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
  });
});
