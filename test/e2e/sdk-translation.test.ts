import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anthropicConversationFacts } from '../../src/simulators/anthropic/anthropic-conversation.js';
import { anthropicCountTokensRequestSchema } from '../../src/simulators/anthropic/anthropic-request-schema.js';
import { estimateTokens } from '../../src/simulators/estimate-tokens.js';
import { openaiConversationFacts } from '../../src/simulators/openai/openai-conversation.js';
import { openaiChatRequestSchema } from '../../src/simulators/openai/openai-request-schema.js';
import type { ScriptRule, SimulatorHandle } from '../../src/simulators/index.js';
import { useTranslationMatrixStack } from '../support/translation-matrix-stack.js';

// The translation matrix with the official SDKs: each client format against each provider format,
// plain text, streamed and not, through the SDKs' own helpers.

const QUESTION = 'What is the capital of France?';
const ANSWER = 'The capital of France is Paris, which sits on the Seine.';
const UNICODE_TEXT = '🎉🎉 Ünïcödé — 日本語のテキスト 👍🏽👍🏽 «ok» 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 done.';
/** `stop-as:<reason>` makes the simulator stop for that (provider-format) reason. */
const STOP_REASONS = ['max_tokens', 'stop_sequence', 'refusal', 'length', 'content_filter'];
const SCRIPT: ScriptRule[] = [
  { match: { lastUserText: 'capital of France' }, reply: { text: ANSWER } },
  { match: { lastUserText: 'unicode please' }, reply: { text: UNICODE_TEXT } },
  ...STOP_REASONS.map((reason) => ({ match: { lastUserText: `stop-as:${reason}` }, reply: { text: 'Partial answer', stopReason: reason } })),
];
const CLIENT_KEY = 'sk-client-own-key-9999';

const stackOf = useTranslationMatrixStack({ anthropic: SCRIPT, openai: SCRIPT });

/** A route of the matrix: what the client asks for and who must answer. */
interface Lane {
  requested: string;
  provider: 'asim' | 'osim';
  answeredModel: string;
}

const ANTHROPIC_LANES: Array<Lane & { name: string }> = [
  { name: 'passthrough to the Anthropic simulator', requested: 'claude-alias', provider: 'asim', answeredModel: 'claude-sonnet-4-6' },
  { name: 'translated to the OpenAI simulator', requested: 'claude-via-openai', provider: 'osim', answeredModel: 'gpt-5' },
];
const OPENAI_LANES: Array<Lane & { name: string }> = [
  { name: 'passthrough to the OpenAI simulator', requested: 'gpt-alias', provider: 'osim', answeredModel: 'gpt-5-mini' },
  { name: 'translated to the Anthropic simulator', requested: 'gpt-via-anthropic', provider: 'asim', answeredModel: 'claude-sonnet-4-5' },
];

/** The simulator's single recorded request, checked to be a generation call for the target model. */
function onlyRequest(sim: SimulatorHandle, lane: Lane): unknown {
  const requests = sim.control.requests();
  expect(requests).toHaveLength(1);
  const recorded = requests[0]!;
  expect(recorded.path).toBe(lane.provider === 'asim' ? '/v1/messages' : '/v1/chat/completions');
  expect((recorded.body as { model?: unknown }).model).toBe(lane.answeredModel);
  return recorded.body;
}

/** Input tokens the simulator reported for the body it received (its own estimate, recomputed). */
function simulatorInputTokens(lane: Lane, body: unknown): number {
  const facts =
    lane.provider === 'asim'
      ? anthropicConversationFacts(anthropicCountTokensRequestSchema.parse(body))
      : openaiConversationFacts(openaiChatRequestSchema.parse(body));
  return estimateTokens(facts.inputCharacters);
}

const OUTPUT_TOKENS = estimateTokens(ANSWER.length);

function expectLifelineHeaders(headers: Headers, lane: Lane): void {
  expect(headers.get('x-lifeline-provider')).toBe(lane.provider);
  expect(headers.get('x-lifeline-model')).toBe(lane.answeredModel);
  expect(headers.get('x-lifeline-target')).toBe(`${lane.provider}/${lane.answeredModel}`);
  expect(headers.get('x-lifeline-route')).toBe(lane.requested);
  expect(headers.get('x-lifeline-attempts')).toBe('1');
}

/** A fetch that keeps every response, so helpers without `.withResponse()` can still be checked. */
function recordingFetch(responses: Response[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    responses.push(response);
    return response;
  };
}

describe.each(ANTHROPIC_LANES)('Anthropic SDK, $name', (lane) => {
  const client = () => new Anthropic({ baseURL: stackOf().anthropicBaseUrl, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 10_000 });
  const params = { model: lane.requested, max_tokens: 256, messages: [{ role: 'user' as const, content: QUESTION }] };

  it('messages.create answers with the real model, headers, stop reason and usage', async () => {
    const { data: message, response } = await client().messages.create(params).withResponse();
    expect(response.status).toBe(200);
    expectLifelineHeaders(response.headers, lane);
    expect(message.type).toBe('message');
    expect(message.role).toBe('assistant');
    expect(message.id).toMatch(/^msg_/);
    expect(message.model).toBe(lane.answeredModel);
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: ANSWER })]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.stop_sequence).toBeNull();
    const body = onlyRequest(stackOf().sims[lane.provider]!, lane);
    expect(message.usage.input_tokens).toBe(simulatorInputTokens(lane, body));
    expect(message.usage.output_tokens).toBe(OUTPUT_TOKENS);
    expect(message.usage.cache_read_input_tokens ?? 0).toBe(0);
    expect(message.usage.cache_creation_input_tokens ?? 0).toBe(0);
  });

  it('create({stream: true}) yields a well-formed event sequence', async () => {
    const { data: stream, response } = await client().messages.create({ ...params, stream: true }).withResponse();
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expectLifelineHeaders(response.headers, lane);
    const types: string[] = [];
    let text = '';
    let startModel: string | undefined;
    let stopReason: string | null | undefined;
    let outputTokens: number | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'message_start') startModel = event.message.model;
      if (event.type === 'content_block_start') expect(event.content_block.type).toBe('text');
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
      if (event.type === 'message_delta') {
        stopReason = event.delta.stop_reason;
        outputTokens = event.usage.output_tokens;
      }
    }
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    expect(types.at(-2)).toBe('message_delta');
    expect(types.filter((type) => type === 'content_block_start')).toHaveLength(1);
    expect(types.filter((type) => type === 'content_block_stop')).toHaveLength(1);
    expect(text).toBe(ANSWER);
    expect(startModel).toBe(lane.answeredModel);
    expect(stopReason).toBe('end_turn');
    expect(outputTokens).toBe(OUTPUT_TOKENS);
    onlyRequest(stackOf().sims[lane.provider]!, lane);
  });

  it('messages.stream(...).finalMessage() and its events', async () => {
    const messageStream = client().messages.stream(params);
    const textEvents: string[] = [];
    messageStream.on('text', (delta) => textEvents.push(delta));
    const { response } = await messageStream.withResponse();
    expectLifelineHeaders(response.headers, lane);
    const message = await messageStream.finalMessage();
    expect(textEvents.join('')).toBe(ANSWER);
    expect(textEvents.length).toBeGreaterThan(1);
    expect(message.model).toBe(lane.answeredModel);
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: ANSWER })]);
    expect(message.stop_reason).toBe('end_turn');
    const body = onlyRequest(stackOf().sims[lane.provider]!, lane);
    expect((body as { stream?: unknown }).stream).toBe(true);
    expect(message.usage.input_tokens).toBe(simulatorInputTokens(lane, body));
    expect(message.usage.output_tokens).toBe(OUTPUT_TOKENS);
  });
});

describe.each(OPENAI_LANES)('OpenAI SDK, $name', (lane) => {
  const client = (responses: Response[] = []) =>
    new OpenAI({ baseURL: stackOf().openaiBaseUrl, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 10_000, fetch: recordingFetch(responses) });
  const params = { model: lane.requested, messages: [{ role: 'user' as const, content: QUESTION }] };

  it('chat.completions.create answers with the real model, headers, finish reason and usage', async () => {
    const { data: completion, response } = await client().chat.completions.create(params).withResponse();
    expect(response.status).toBe(200);
    expectLifelineHeaders(response.headers, lane);
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe(lane.answeredModel);
    expect(completion.choices).toHaveLength(1);
    const choice = completion.choices[0]!;
    expect(choice.message.role).toBe('assistant');
    expect(choice.message.content).toBe(ANSWER);
    expect(choice.message.tool_calls ?? []).toEqual([]);
    expect(choice.finish_reason).toBe('stop');
    const body = onlyRequest(stackOf().sims[lane.provider]!, lane);
    const input = simulatorInputTokens(lane, body);
    expect(completion.usage).toMatchObject({ prompt_tokens: input, completion_tokens: OUTPUT_TOKENS, total_tokens: input + OUTPUT_TOKENS });
  });

  it('create({stream: true}) without include_usage sends no usage chunk', async () => {
    const { data: stream, response } = await client().chat.completions.create({ ...params, stream: true }).withResponse();
    expectLifelineHeaders(response.headers, lane);
    let text = '';
    const finishReasons: string[] = [];
    const models = new Set<string>();
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      expect(chunk.object).toBe('chat.completion.chunk');
      models.add(chunk.model);
      expect(chunk.usage ?? null).toBeNull();
      expect(chunk.choices).toHaveLength(1);
      text += chunk.choices[0]!.delta.content ?? '';
      const finish = chunk.choices[0]!.finish_reason;
      if (finish) finishReasons.push(finish);
    }
    expect(chunks).toBeGreaterThan(2);
    expect(text).toBe(ANSWER);
    expect(finishReasons).toEqual(['stop']);
    expect([...models]).toEqual([lane.answeredModel]);
    onlyRequest(stackOf().sims[lane.provider]!, lane);
  });

  it('create({stream: true, stream_options.include_usage}) ends with a usage-only chunk', async () => {
    const stream = await client().chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    const body = onlyRequest(stackOf().sims[lane.provider]!, lane);
    const input = simulatorInputTokens(lane, body);
    expect(last.usage).toMatchObject({ prompt_tokens: input, completion_tokens: OUTPUT_TOKENS, total_tokens: input + OUTPUT_TOKENS });
    for (const chunk of chunks.slice(0, -1)) expect(chunk.usage ?? null).toBeNull();
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe(ANSWER);
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason).filter(Boolean)).toEqual(['stop']);
  });

  it('chat.completions.stream(...).finalChatCompletion()', async () => {
    const responses: Response[] = [];
    const runner = client(responses).chat.completions.stream({ ...params, stream_options: { include_usage: true } });
    const deltas: string[] = [];
    runner.on('content', (delta) => deltas.push(delta));
    const completion = await runner.finalChatCompletion();
    expect(responses).toHaveLength(1);
    expectLifelineHeaders(responses[0]!.headers, lane);
    expect(deltas.join('')).toBe(ANSWER);
    expect(completion.model).toBe(lane.answeredModel);
    expect(completion.choices[0]!.message.content).toBe(ANSWER);
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    const body = onlyRequest(stackOf().sims[lane.provider]!, lane);
    expect(completion.usage).toMatchObject({ prompt_tokens: simulatorInputTokens(lane, body), completion_tokens: OUTPUT_TOKENS });
    expect(await runner.finalContent()).toBe(ANSWER);
  });
});

describe('stop reasons across translation', () => {
  it.each([
    ['length', 'max_tokens'],
    ['content_filter', 'refusal'],
  ])('OpenAI %s reaches an Anthropic client as %s', async (providerReason, clientReason) => {
    const client = new Anthropic({ baseURL: stackOf().anthropicBaseUrl, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 10_000 });
    const params = { model: 'claude-via-openai', max_tokens: 5, messages: [{ role: 'user' as const, content: `stop-as:${providerReason}` }] };
    const message = await client.messages.create(params);
    expect(message.stop_reason).toBe(clientReason);
    const streamed = await client.messages.stream(params).finalMessage();
    expect(streamed.stop_reason).toBe(clientReason);
    expect(streamed.content).toEqual([expect.objectContaining({ type: 'text', text: 'Partial answer' })]);
    // The output limit travels under OpenAI's name.
    expect(stackOf().sims['osim']!.control.requests().map((request) => (request.body as Record<string, unknown>)['max_completion_tokens'])).toEqual([5, 5]);
  });

  it.each([
    ['max_tokens', 'length'],
    ['stop_sequence', 'stop'],
    ['refusal', 'content_filter'],
  ])('Anthropic %s reaches an OpenAI client as %s', async (providerReason, clientReason) => {
    const client = new OpenAI({ baseURL: stackOf().openaiBaseUrl, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 10_000 });
    const params = { model: 'gpt-via-anthropic', max_completion_tokens: 5, messages: [{ role: 'user' as const, content: `stop-as:${providerReason}` }] };
    const completion = await client.chat.completions.create(params);
    expect(completion.choices[0]!.finish_reason).toBe(clientReason);
    const streamed = await client.chat.completions.stream(params).finalChatCompletion();
    expect(streamed.choices[0]!.finish_reason).toBe(clientReason);
    expect(streamed.choices[0]!.message.content).toBe('Partial answer');
    expect(stackOf().sims['asim']!.control.requests().map((request) => (request.body as Record<string, unknown>)['max_tokens'])).toEqual([5, 5]);
  });
});

describe('non-ASCII text survives every lane, streamed', () => {
  it.each(ANTHROPIC_LANES)('Anthropic SDK, $name', async (lane) => {
    const client = new Anthropic({ baseURL: stackOf().anthropicBaseUrl, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 10_000 });
    const params = { model: lane.requested, max_tokens: 100, messages: [{ role: 'user' as const, content: 'unicode please 👋' }] };
    const deltas: string[] = [];
    const stream = client.messages.stream(params).on('text', (delta) => deltas.push(delta));
    expect(await stream.finalText()).toBe(UNICODE_TEXT);
    expect(deltas.join('')).toBe(UNICODE_TEXT);
    // No delta may carry half a character: every one must survive a UTF-8 round trip.
    for (const delta of deltas) expect(Buffer.from(delta, 'utf8').toString('utf8')).toBe(delta);
    expect((await client.messages.create(params)).content).toEqual([expect.objectContaining({ text: UNICODE_TEXT })]);
  });

  it.each(OPENAI_LANES)('OpenAI SDK, $name', async (lane) => {
    const client = new OpenAI({ baseURL: stackOf().openaiBaseUrl, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 10_000 });
    const stream = await client.chat.completions.create({ model: lane.requested, messages: [{ role: 'user', content: 'unicode please 👋' }], stream: true });
    const deltas: string[] = [];
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta.content;
      if (delta) deltas.push(delta);
    }
    expect(deltas.join('')).toBe(UNICODE_TEXT);
    for (const delta of deltas) expect(Buffer.from(delta, 'utf8').toString('utf8')).toBe(delta);
  });
});
