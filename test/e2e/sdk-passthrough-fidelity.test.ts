import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedRequest, SimulatorHandle } from '../../src/simulators/index.js';
import { useTranslationMatrixStack } from '../support/translation-matrix-stack.js';

// What reaches the provider: same-format requests pass through untouched except `model` and
// credentials; translated ones carry images, in-conversation system messages and history faithfully.

const CLIENT_KEY = 'sk-client-own-key-7777';
const CONFIGURED = { asim: 'sk-asim-test-0001', osim: 'sk-osim-test-0001' } as const;
// A 1x1 transparent PNG.
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const JPEG_BASE64 = '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==';

const THOUGHT = 'Weighing option A against option B carefully.';

const stackOf = useTranslationMatrixStack({ anthropic: [{ match: { lastUserText: 'think first' }, reply: { thinking: THOUGHT, text: 'Option B.' } }] });

/** Every request the SDK sent: the exact JSON body text, the URL and the headers. */
interface SentRequest {
  url: string;
  headers: Headers;
  body: string;
}

function recordingFetch(sent: SentRequest[]): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    sent.push({ url, headers: new Headers(init?.headers), body: typeof init?.body === 'string' ? init.body : '' });
    return fetch(input, init);
  };
}

function onlyRecorded(sim: SimulatorHandle): RecordedRequest {
  const requests = sim.control.requests();
  expect(requests).toHaveLength(1);
  return requests[0]!;
}

type Json = Record<string, unknown>;

/** The text of an OpenAI message content (string or text parts). */
function openaiText(content: unknown): string {
  if (typeof content === 'string') return content;
  return (content as Json[]).map((part) => (part['type'] === 'text' ? String(part['text']) : '')).join('');
}

describe('Anthropic passthrough fidelity', () => {
  it('sends fields Lifeline does not model, beta header and ?beta=true unchanged except model', async () => {
    const sent: SentRequest[] = [];
    const client = new Anthropic({ baseURL: stackOf().anthropicBaseUrl, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 10_000, fetch: recordingFetch(sent) });
    const params = {
      model: 'claude-alias',
      max_tokens: 2048,
      betas: ['context-management-2025-06-27', 'interleaved-thinking-2025-05-14'],
      thinking: { type: 'enabled', budget_tokens: 1024 },
      context_management: { edits: [{ type: 'clear_tool_uses_20250919', trigger: { type: 'input_tokens', value: 30000 } }] },
      lifeline_unknown_field: { nested: [1, 'two', { three: null }], flag: true },
      system: [{ type: 'text', text: 'You are a careful assistant.', cache_control: { type: 'ephemeral', ttl: '1h' } }],
      tools: [
        {
          name: 'lookup',
          description: 'Looks things up',
          input_schema: { type: 'object', properties: { q: { type: 'string' } } },
          cache_control: { type: 'ephemeral' },
        },
      ],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Long shared context.', cache_control: { type: 'ephemeral' } },
            { type: 'text', text: 'Say hello.' },
          ],
        },
      ],
    };
    // Claude Code adds `?beta=true` to beta calls; the 1.x SDK no longer does, so ask for it here.
    const { data: message, response } = await client.beta.messages
      .create(params as unknown as Anthropic.Beta.MessageCreateParamsNonStreaming, { query: { beta: 'true' } })
      .withResponse();
    expect(response.headers.get('x-lifeline-provider')).toBe('asim');
    expect(message.model).toBe('claude-sonnet-4-6');
    // The provider's answer arrives byte for byte, fields Lifeline does not model included.
    expect(message.usage).toMatchObject({ service_tier: 'standard', cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 } });

    expect(sent).toHaveLength(1);
    const sentBody = JSON.parse(sent[0]!.body) as Json;
    expect(sentBody['betas']).toBeUndefined(); // the SDK moved them to the header
    expect(new URL(sent[0]!.url).search).toBe('?beta=true');
    const recorded = onlyRecorded(stackOf().sims['asim']!);
    expect(recorded.path).toBe('/v1/messages');
    expect(recorded.query).toBe('beta=true');
    expect(recorded.body).toEqual({ ...sentBody, model: 'claude-sonnet-4-6' });
    expect(recorded.headers['anthropic-beta']).toBe(sent[0]!.headers.get('anthropic-beta'));
    expect(recorded.headers['anthropic-beta']).toContain('context-management-2025-06-27');
    expect(recorded.headers['anthropic-version']).toBe(sent[0]!.headers.get('anthropic-version'));
  });

  it('streams a passthrough request with the same body and query', async () => {
    const sent: SentRequest[] = [];
    const client = new Anthropic({ baseURL: stackOf().anthropicBaseUrl, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 10_000, fetch: recordingFetch(sent) });
    const params = {
      model: 'claude-alias',
      max_tokens: 100,
      betas: ['context-management-2025-06-27'],
      lifeline_unknown_field: 'kept',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello', cache_control: { type: 'ephemeral' } }] }],
    };
    const message = await client.beta.messages.stream(params as unknown as Anthropic.Beta.MessageCreateParamsStreaming, { query: { beta: 'true' } }).finalMessage();
    expect(message.model).toBe('claude-sonnet-4-6');
    const recorded = onlyRecorded(stackOf().sims['asim']!);
    expect(recorded.query).toBe('beta=true');
    expect(recorded.body).toEqual({ ...(JSON.parse(sent[0]!.body) as Json), model: 'claude-sonnet-4-6' });
  });

  it('keeps a thinking block in the history on passthrough and drops it when translated to OpenAI', async () => {
    const client = new Anthropic({ baseURL: stackOf().anthropicBaseUrl, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 10_000 });
    const thinking = { type: 'thinking' as const, thinking: 'The user asks about France; the capital is Paris.', signature: 'EqQBCkgIARABGAIiQL7signature' };
    const messages: Anthropic.MessageParam[] = [
      { role: 'user', content: 'Capital of France?' },
      { role: 'assistant', content: [thinking, { type: 'text', text: 'Paris.' }] },
      { role: 'user', content: 'And of Germany?' },
    ];
    await client.messages.create({ model: 'claude-alias', max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 }, messages });
    const passed = onlyRecorded(stackOf().sims['asim']!).body as Json;
    expect((passed['messages'] as Json[])[1]).toEqual({ role: 'assistant', content: [thinking, { type: 'text', text: 'Paris.' }] });

    await client.messages.create({ model: 'claude-via-openai', max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 }, messages });
    const translated = onlyRecorded(stackOf().sims['osim']!).body as Json;
    const serialized = JSON.stringify(translated);
    expect(serialized).not.toContain('capital is Paris');
    expect(serialized).not.toContain(thinking.signature);
    const translatedMessages = translated['messages'] as Json[];
    expect(translatedMessages.map((message) => message['role'])).toEqual(['user', 'assistant', 'user']);
    expect(openaiText(translatedMessages[1]!['content'])).toBe('Paris.');
    expect(openaiText(translatedMessages[2]!['content'])).toBe('And of Germany?');
  });

  it('removes only unsigned thinking blocks (Lifeline-made) on passthrough', async () => {
    const client = new Anthropic({ baseURL: stackOf().anthropicBaseUrl, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 10_000 });
    const signed = { type: 'thinking' as const, thinking: 'Signed thought.', signature: 'EqQBCkgIARABGAIiQL7signature' };
    const unsigned = { type: 'thinking' as const, thinking: 'Thought from another provider.', signature: '' };
    await client.messages.create({
      model: 'claude-alias',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'One?' },
        { role: 'assistant', content: [unsigned, { type: 'text', text: 'Uno.' }] },
        { role: 'user', content: 'Two?' },
        { role: 'assistant', content: [signed, { type: 'text', text: 'Dos.' }] },
        { role: 'user', content: 'Three?' },
      ],
    });
    const messages = (onlyRecorded(stackOf().sims['asim']!).body as Json)['messages'] as Json[];
    expect(messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'Uno.' }] });
    expect(messages[3]).toEqual({ role: 'assistant', content: [signed, { type: 'text', text: 'Dos.' }] });
  });

  it('passes a thinking reply through to Anthropic clients and keeps it from OpenAI clients', async () => {
    const anthropic = new Anthropic({ baseURL: stackOf().anthropicBaseUrl, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 10_000 });
    const params = { model: 'claude-alias', max_tokens: 2048, messages: [{ role: 'user' as const, content: 'Please think first.' }] };
    for (const message of [await anthropic.messages.create(params), await anthropic.messages.stream(params).finalMessage()]) {
      expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
      expect(message.content[0]).toMatchObject({ type: 'thinking', thinking: THOUGHT, signature: expect.stringMatching(/^Eq.{20,}/) });
      expect(message.content[1]).toMatchObject({ type: 'text', text: 'Option B.' });
    }

    const openai = new OpenAI({ baseURL: stackOf().openaiBaseUrl, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 10_000 });
    const request = { model: 'gpt-via-anthropic', messages: [{ role: 'user' as const, content: 'Please think first.' }] };
    const completion = await openai.chat.completions.create(request);
    expect(completion.choices[0]!.message.content).toBe('Option B.');
    expect(JSON.stringify(completion)).not.toContain(THOUGHT);
    const stream = await openai.chat.completions.create({ ...request, stream: true });
    let streamed = '';
    for await (const chunk of stream) {
      expect(JSON.stringify(chunk)).not.toContain('Weighing');
      streamed += chunk.choices[0]?.delta.content ?? '';
    }
    expect(streamed).toBe('Option B.');
  });

  it('translates a role "system" message inside messages at its position', async () => {
    const client = new Anthropic({ baseURL: stackOf().anthropicBaseUrl, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 10_000 });
    await client.messages.create({
      model: 'claude-via-openai',
      max_tokens: 100,
      system: 'You are terse.',
      messages: [
        { role: 'user', content: 'First question.' },
        { role: 'assistant', content: 'First answer.' },
        { role: 'system', content: 'From now on, answer in French.' },
        { role: 'user', content: 'Second question.' },
      ],
    });
    const body = onlyRecorded(stackOf().sims['osim']!).body as Json;
    const messages = (body['messages'] as Json[]).map((message) => [message['role'], openaiText(message['content'])]);
    expect(messages).toEqual([
      ['system', 'You are terse.'],
      ['user', 'First question.'],
      ['assistant', 'First answer.'],
      ['system', 'From now on, answer in French.'],
      ['user', 'Second question.'],
    ]);
  });
});

describe('images across translation', () => {
  it('Anthropic base64 and URL images reach the OpenAI simulator as image_url parts', async () => {
    const client = new Anthropic({ baseURL: stackOf().anthropicBaseUrl, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 10_000 });
    await client.messages.create({
      model: 'claude-via-openai',
      max_tokens: 100,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare these two images.' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/images/cat.jpg' } },
          ],
        },
      ],
    });
    const body = onlyRecorded(stackOf().sims['osim']!).body as Json;
    const content = (body['messages'] as Json[])[0]!['content'] as Json[];
    expect(content).toEqual([
      { type: 'text', text: 'Compare these two images.' },
      { type: 'image_url', image_url: expect.objectContaining({ url: `data:image/png;base64,${PNG_BASE64}` }) },
      { type: 'image_url', image_url: expect.objectContaining({ url: 'https://example.com/images/cat.jpg' }) },
    ]);
  });

  it('OpenAI data: and https image_url parts reach the Anthropic simulator as image blocks', async () => {
    const client = new OpenAI({ baseURL: stackOf().openaiBaseUrl, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 10_000 });
    await client.chat.completions.create({
      model: 'gpt-via-anthropic',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare these two images.' },
            { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${JPEG_BASE64}`, detail: 'high' } },
            { type: 'image_url', image_url: { url: 'https://example.com/images/dog.png' } },
          ],
        },
      ],
    });
    const body = onlyRecorded(stackOf().sims['asim']!).body as Json;
    const content = (body['messages'] as Json[])[0]!['content'] as Json[];
    expect(content).toEqual([
      { type: 'text', text: 'Compare these two images.' },
      { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: JPEG_BASE64 } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/images/dog.png' } },
    ]);
  });
});

describe('credentials', () => {
  const lanes = [
    { client: 'anthropic', requested: 'claude-alias', provider: 'asim' },
    { client: 'anthropic', requested: 'claude-via-openai', provider: 'osim' },
    { client: 'openai', requested: 'gpt-alias', provider: 'osim' },
    { client: 'openai', requested: 'gpt-via-anthropic', provider: 'asim' },
  ] as const;

  it.each(lanes)('$client client -> $provider ($requested): only the configured key reaches the provider', async (lane) => {
    const sent: SentRequest[] = [];
    const options = { apiKey: CLIENT_KEY, maxRetries: 0, timeout: 10_000, fetch: recordingFetch(sent) };
    let answerText: string;
    let answerHeaders: Headers;
    for (const stream of [false, true]) {
      if (lane.client === 'anthropic') {
        const client = new Anthropic({ ...options, baseURL: stackOf().anthropicBaseUrl });
        const { data, response } = await client.messages
          .create({ model: lane.requested, max_tokens: 50, messages: [{ role: 'user', content: 'hi' }], stream })
          .withResponse();
        answerHeaders = response.headers;
        answerText = stream ? 'stream' : JSON.stringify(data);
        if (stream) for await (const event of data as AsyncIterable<unknown>) answerText += JSON.stringify(event);
      } else {
        const client = new OpenAI({ ...options, baseURL: stackOf().openaiBaseUrl });
        const { data, response } = await client.chat.completions
          .create({ model: lane.requested, messages: [{ role: 'user', content: 'hi' }], stream })
          .withResponse();
        answerHeaders = response.headers;
        answerText = stream ? 'stream' : JSON.stringify(data);
        if (stream) for await (const chunk of data as AsyncIterable<unknown>) answerText += JSON.stringify(chunk);
      }
      // The client really did send its key to Lifeline.
      // (Anthropic SDK 1.x sends its apiKey as `Authorization: Bearer`, older ones as `x-api-key`.)
      const sentHeaders = sent.at(-1)!.headers;
      expect(`${sentHeaders.get('x-api-key')} ${sentHeaders.get('authorization')}`).toContain(CLIENT_KEY);
      for (const secret of [CLIENT_KEY, CONFIGURED.asim, CONFIGURED.osim]) {
        expect(answerText).not.toContain(secret);
        for (const [, value] of answerHeaders) expect(value).not.toContain(secret);
      }
    }

    const requests = stackOf().sims[lane.provider]!.control.requests();
    expect(requests).toHaveLength(2);
    for (const request of requests) {
      const everything = JSON.stringify(request);
      expect(everything).not.toContain(CLIENT_KEY);
      if (lane.provider === 'asim') {
        expect(request.headers['x-api-key']).toBe(CONFIGURED.asim);
        expect(request.headers['authorization']).toBeUndefined();
      } else {
        expect(request.headers['authorization']).toBe(`Bearer ${CONFIGURED.osim}`);
        expect(request.headers['x-api-key']).toBeUndefined();
      }
    }
  });
});
