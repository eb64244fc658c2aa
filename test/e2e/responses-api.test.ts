import OpenAI from 'openai';
import { z } from 'zod';
import { zodTextFormat } from 'openai/helpers/zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ScriptRule } from '../../src/simulators/index.js';
import { startStack, type Stack } from '../support/start-stack.js';

// POST /v1/responses with the official `openai` SDK (responses.create and responses.stream, whose
// accumulator checks the event order) to each provider type, translated through the canonical model.

const ANSWER = 'The capital of France is Paris, which sits on the Seine.';
const JSON_ANSWER = '{"city":"Paris","country":"France"}';
const SCRIPT: ScriptRule[] = [
  { match: { lastUserText: 'capital of France' }, reply: { text: ANSWER } },
  { match: { lastUserText: 'as json' }, reply: { text: JSON_ANSWER } },
  { match: { toolResultContains: 'sunny in Paris' }, reply: { text: 'It is sunny in Paris and 21 degrees.' } },
  { match: { lastUserText: 'weather and time' }, reply: { text: 'Checking both.', toolCalls: [{ name: 'get_weather', input: { city: 'Paris' } }, { name: 'get_time', input: { zone: 'Europe/Paris' } }] } },
  { match: { lastUserText: 'weather' }, reply: { toolCalls: [{ name: 'get_weather', input: { city: 'Paris' } }] } },
  { match: { lastUserText: 'cut short' }, reply: { text: 'Partial answer', stopReason: 'max_tokens' } },
];

let stack: Stack | undefined;
beforeAll(async () => {
  stack = await startStack({
    providers: [
      { name: 'osim', simulator: { format: 'openai', script: SCRIPT } },
      // The same OpenAI simulator type with the Responses API turned off: translated to Chat Completions.
      { name: 'ochat', type: 'openai', simulator: { format: 'openai', script: SCRIPT }, extra: { quirks: { responsesApi: false } } },
      { name: 'asim', simulator: { format: 'anthropic', script: SCRIPT } },
    ],
    routes: { 'gpt-pass': ['osim/gpt-5-mini'], 'gpt-chat': ['ochat/gpt-5-mini'], 'gpt-via-anthropic': ['asim/claude-sonnet-4-5'], 'gpt-alias': ['ochat/gpt-5-mini'] },
  });
});
afterAll(async () => stack?.close());
beforeEach(() => {
  for (const sim of Object.values(stack!.sims)) sim.control.clearRequests();
});
const stackOf = (): Stack => stack!;

const LANES = [
  { name: 'passed through to the OpenAI simulator (Responses API out)', requested: 'gpt-pass', provider: 'osim', answeredModel: 'gpt-5-mini', upstreamPath: '/v1/responses' },
  { name: 'to an OpenAI simulator without it (Chat Completions out)', requested: 'gpt-chat', provider: 'ochat', answeredModel: 'gpt-5-mini', upstreamPath: '/v1/chat/completions' },
  { name: 'to the Anthropic simulator (Messages out)', requested: 'gpt-via-anthropic', provider: 'asim', answeredModel: 'claude-sonnet-4-5', upstreamPath: '/v1/messages' },
] as const;

const TOOLS: OpenAI.Responses.Tool[] = [
  { type: 'function', name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: false },
  { type: 'function', name: 'get_time', description: 'Time in a zone', parameters: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] }, strict: false },
];

describe.each(LANES)('Responses API $name', (lane) => {
  const client = () => new OpenAI({ baseURL: stackOf().openaiBaseUrl, apiKey: 'sk-client-0001', maxRetries: 0, timeout: 10_000 });
  const sim = () => stackOf().sims[lane.provider]!;

  it('responses.create answers text with usage, the real model and Lifeline headers', async () => {
    const { data: response, response: raw } = await client()
      .responses.create({ model: lane.requested, instructions: 'Be brief.', input: 'What is the capital of France?', metadata: { run: 'one' } })
      .withResponse();
    expect(raw.headers.get('x-lifeline-provider')).toBe(lane.provider);
    expect(raw.headers.get('x-lifeline-model')).toBe(lane.answeredModel);
    expect(response.object).toBe('response');
    expect(response.id).toMatch(/^resp_/);
    expect(response.status).toBe('completed');
    expect(response.model).toBe(lane.answeredModel);
    expect(response.output_text).toBe(ANSWER);
    expect(response.instructions).toBe('Be brief.');
    expect(response.metadata).toEqual({ run: 'one' });
    expect(response.usage?.input_tokens).toBeGreaterThan(0);
    expect(response.usage?.output_tokens).toBeGreaterThan(0);
    expect(response.usage?.input_tokens_details.cached_tokens).toBe(0);
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBe(0);
    expect(response.usage?.total_tokens).toBe(response.usage!.input_tokens + response.usage!.output_tokens);
    const [recorded] = sim().control.requests();
    expect(recorded?.path).toBe(lane.upstreamPath);
    expect(JSON.stringify(recorded?.body)).toContain('Be brief.');
  });

  it('responses.stream delivers the API event sequence, numbered, and the final response', async () => {
    const stream = client().responses.stream({ model: lane.requested, input: 'What is the capital of France?' });
    const types: string[] = [];
    const sequenceNumbers: number[] = [];
    for await (const event of stream) {
      types.push(event.type);
      sequenceNumbers.push(event.sequence_number);
    }
    const final = await stream.finalResponse();
    expect(final.output_text).toBe(ANSWER);
    expect(final.model).toBe(lane.answeredModel);
    expect(final.status).toBe('completed');
    expect(final.usage?.output_tokens).toBeGreaterThan(0);
    expect(sequenceNumbers).toEqual(sequenceNumbers.map((_, index) => index));
    const distinct = types.filter((type, index) => type !== types[index - 1]);
    expect(distinct).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
  });

  it('a function tool loop: call, output with the same call_id, final answer', async () => {
    const first = await client().responses.create({ model: lane.requested, input: 'What is the weather in Paris?', tools: TOOLS });
    const call = first.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather' });
    if (call?.type !== 'function_call') throw new Error('no function call');
    expect(JSON.parse(call.arguments)).toEqual({ city: 'Paris' });
    const second = await client().responses.create({
      model: lane.requested,
      tools: TOOLS,
      input: [
        { role: 'user', content: 'What is the weather in Paris?' },
        { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
        { type: 'function_call_output', call_id: call.call_id, output: 'sunny in Paris, 21C' },
      ],
    });
    expect(second.output_text).toBe('It is sunny in Paris and 21 degrees.');
    const body = JSON.stringify(sim().control.requests().at(-1)?.body);
    // The provider got the call and its output paired under the client's call id.
    expect(body.split(call.call_id).length - 1).toBeGreaterThanOrEqual(2);
    expect(body).toContain('sunny in Paris, 21C');
  });

  it('parallel calls stream as two function_call items with their arguments', async () => {
    const stream = client().responses.stream({ model: lane.requested, input: 'weather and time please', tools: TOOLS });
    const argumentDone: string[] = [];
    stream.on('response.function_call_arguments.done', (event) => argumentDone.push(event.arguments));
    const final = await stream.finalResponse();
    const calls = final.output.filter((item) => item.type === 'function_call');
    expect(calls.map((item) => item.type === 'function_call' && item.name)).toEqual(['get_weather', 'get_time']);
    expect(argumentDone.map((text) => JSON.parse(text) as unknown)).toEqual([{ city: 'Paris' }, { zone: 'Europe/Paris' }]);
    expect(new Set(calls.map((item) => item.type === 'function_call' && item.call_id)).size).toBe(2);
    expect(final.output_text).toBe('Checking both.');
  });

  it('text.format json_schema reaches the provider and parses with the SDK helper', async () => {
    const Place = z.object({ city: z.string(), country: z.string() });
    const parsed = await client().responses.parse({ model: lane.requested, input: 'Paris as json', text: { format: zodTextFormat(Place, 'place') } });
    expect(parsed.output_parsed).toEqual({ city: 'Paris', country: 'France' });
    const body = JSON.stringify(sim().control.requests().at(-1)?.body);
    // Chat Completions gets the schema as response_format; Anthropic has no JSON mode on 2023-06-01
    // and the format is dropped there, as for Chat Completions clients (docs/translation-anthropic.md).
    if (lane.provider !== 'asim') expect(body).toContain('"json_schema"');
    else expect(body).not.toContain('json_schema');
  });

  it('a cut-short answer is incomplete with reason max_output_tokens', async () => {
    const response = await client().responses.create({ model: lane.requested, input: 'cut short please', max_output_tokens: 16 });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(response.output_text).toBe('Partial answer');
  });
});

describe('Responses API errors', () => {
  const client = () => new OpenAI({ baseURL: stackOf().openaiBaseUrl, apiKey: 'sk-client-0001', maxRetries: 0, timeout: 10_000 });

  it('an unknown previous_response_id gets the API 404 shape', async () => {
    const error = await client().responses.create({ model: 'gpt-alias', input: 'hi', previous_response_id: 'resp_unknown' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).error).toMatchObject({
      message: "Previous response with id 'resp_unknown' not found.",
      type: 'invalid_request_error',
      param: 'previous_response_id',
      code: 'previous_response_not_found',
    });
  });

  it('a bad field is a 400 naming the param', async () => {
    const error = await client().responses.create({ model: 'gpt-alias', input: [{ type: 'function_call_output', output: 'x' } as never] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({ type: 'invalid_request_error', param: 'input[0].call_id' });
  });

  it('an unknown model is the OpenAI 404 model_not_found', async () => {
    const error = await client().responses.create({ model: 'no-such-model', input: 'hi' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).error).toMatchObject({ code: 'model_not_found' });
  });
});

describe('Responses API passthrough to a Responses provider', () => {
  const client = () => new OpenAI({ baseURL: stackOf().openaiBaseUrl, apiKey: 'sk-client-0001', maxRetries: 0, timeout: 10_000 });

  it('sends the body untouched but for the model: reasoning items, encrypted reasoning, hosted tools, unknown fields', async () => {
    const input = [
      { role: 'user', content: 'What is the capital of France?' },
      { type: 'reasoning', id: 'rs_prev', summary: [], encrypted_content: 'gAAAAopaque' },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Let me think.' }] },
      { role: 'user', content: 'capital of France, please' },
    ];
    const body = { model: 'gpt-pass', input, tools: [{ type: 'web_search' }], include: ['reasoning.encrypted_content'], client_metadata: { turn: 't1' }, store: false };
    const response = await client().responses.create(body as never);
    expect(response.output_text).toBe(ANSWER);
    const recorded = stackOf().sims.osim!.control.requests()[0]!;
    expect(recorded.path).toBe('/v1/responses');
    expect(recorded.body).toEqual({ ...body, model: 'gpt-5-mini' });
    expect(recorded.headers.authorization).toBe('Bearer sk-osim-test-0001');
  });

  it('a stream cut mid-answer on the Responses provider is continued on the Anthropic simulator in the same item', async () => {
    const failing = await startStack({
      providers: [
        { name: 'osim', simulator: { format: 'openai', script: SCRIPT } },
        { name: 'asim', simulator: { format: 'anthropic', script: SCRIPT } },
      ],
      routes: { 'gpt-failover': ['osim/gpt-5', 'asim/claude-sonnet-4-5'] },
    });
    try {
      // created, in_progress, item added, part added, two deltas: then the connection drops.
      failing.sims.osim!.control.addFault({ kind: 'reset-mid-stream', afterEvents: 6 });
      const failoverClient = new OpenAI({ baseURL: failing.openaiBaseUrl, apiKey: 'sk-client-0001', maxRetries: 0, timeout: 10_000 });
      const stream = failoverClient.responses.stream({ model: 'gpt-failover', input: 'What is the capital of France?' });
      const sequence: number[] = [];
      for await (const event of stream) sequence.push(event.sequence_number);
      const final = await stream.finalResponse();
      expect(sequence).toEqual(sequence.map((_, index) => index));
      expect(final.output_text).toBe(ANSWER);
      expect(final.status).toBe('completed');
      expect(failing.sims.osim!.control.requests()[0]?.path).toBe('/v1/responses');
      expect(failing.sims.asim!.control.requests()).toHaveLength(1);
    } finally {
      await failing.close();
    }
  });
});

describe('POST /v1/responses/input_tokens', () => {
  const client = () => new OpenAI({ baseURL: stackOf().openaiBaseUrl, apiKey: 'sk-client-0001', maxRetries: 0, timeout: 10_000 });

  it('is counted by an Anthropic target on the translated request', async () => {
    const { data, response } = await client().responses.inputTokens.count({ model: 'gpt-via-anthropic', input: 'What is the capital of France?', instructions: 'Be brief.' }).withResponse();
    expect(data).toMatchObject({ object: 'response.input_tokens' });
    expect(data.input_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-lifeline-token-count')).toBe('exact');
    const [recorded] = stackOf().sims.asim!.control.requests();
    expect(recorded?.path).toBe('/v1/messages/count_tokens');
    expect(JSON.stringify(recorded?.body)).toContain('Be brief.');
  });

  it('is an estimate, marked as such, when no target can count', async () => {
    const { data, response } = await client().responses.inputTokens.count({ model: 'gpt-pass', input: 'What is the capital of France?' }).withResponse();
    expect(data.input_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-lifeline-token-count')).toBe('estimated');
    expect(stackOf().sims.osim!.control.requests()).toEqual([]);
  });
});
