import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ScriptRule, SimulatorHandle } from '../../src/simulators/index.js';
import { useTranslationMatrixStack } from '../support/translation-matrix-stack.js';

// Multi-turn tool use with parallel calls through Lifeline, with the official SDKs running the loop:
// ids must survive every hop, and each result must reach the provider matched to its call.

const QUESTION = 'What is the weather in Paris and Tokyo?';
const PARIS_RESULT = 'Paris: sunny, 24C';
const TOKYO_RESULT = 'Tokyo: station offline';
const FINAL = 'FINAL: Paris is sunny at 24C; the Tokyo station is offline.';
const PREAMBLE = 'Let me check both cities.';
/** Non-ASCII arguments: streamed argument fragments must carry whole characters through every hop. */
const PARIS_INPUT = { city: 'Paris', unit: 'celsius', note: 'x🌞🌞🌞 été — 東京' };

/** Ids in each provider's own format, so the test knows exactly what the provider handed out. */
const IDS = {
  asim: { paris: 'toolu_01ParisWeatherLookup0001', tokyo: 'toolu_01TokyoWeatherLookup0002' },
  osim: { paris: 'call_ParisWeatherLookup000001', tokyo: 'call_TokyoWeatherLookup000002' },
} as const;

function scriptFor(ids: { paris: string; tokyo: string }): ScriptRule[] {
  return [
    // Only a conversation carrying BOTH results gets the final answer.
    { match: { lastMessageIsToolResult: true, toolResultContains: PARIS_RESULT, anyText: TOKYO_RESULT }, reply: { text: FINAL } },
    { match: { lastMessageIsToolResult: true }, reply: { text: 'INCOMPLETE: a tool result is missing.' } },
    { match: { lastUserText: 'straight to the tool' }, reply: { toolCalls: [{ id: ids.paris, name: 'get_weather', input: PARIS_INPUT }] } },
    {
      match: { lastUserText: 'weather in Paris and Tokyo' },
      reply: {
        text: PREAMBLE,
        toolCalls: [
          { id: ids.paris, name: 'get_weather', input: PARIS_INPUT },
          { id: ids.tokyo, name: 'get_weather', input: { city: 'Tokyo', unit: 'celsius' } },
        ],
      },
    },
  ];
}

const WEATHER_SCHEMA = {
  type: 'object' as const,
  properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
  required: ['city'],
};

const stackOf = useTranslationMatrixStack({ anthropic: scriptFor(IDS.asim), openai: scriptFor(IDS.osim) });

interface Lane {
  name: string;
  requested: string;
  provider: 'asim' | 'osim';
  answeredModel: string;
  stream: boolean;
}

function lanes(base: Array<Omit<Lane, 'stream'>>): Lane[] {
  return base.flatMap((lane) => [{ ...lane, stream: false }, { ...lane, stream: true }]);
}

/** Bodies the provider received, in order. */
function recordedBodies(sim: SimulatorHandle): Array<Record<string, unknown>> {
  return sim.control.requests().map((request) => request.body as Record<string, unknown>);
}

type Json = Record<string, unknown>;
const messagesOf = (body: Json) => body['messages'] as Json[];

/** Checks the second provider request carries both results, each matched to its call, in the provider's format. */
function expectResultsReachedProvider(provider: 'asim' | 'osim', body: Json, ids: { paris: string; tokyo: string }, tokyoIsError: boolean): void {
  const messages = messagesOf(body);
  if (provider === 'asim') {
    const assistant = messages.find((message) => message['role'] === 'assistant')!;
    const toolUses = (assistant['content'] as Json[]).filter((block) => block['type'] === 'tool_use');
    expect(toolUses.map((block) => [block['id'], block['input']])).toEqual([
      [ids.paris, PARIS_INPUT],
      [ids.tokyo, { city: 'Tokyo', unit: 'celsius' }],
    ]);
    const last = messages.at(-1)!;
    expect(last['role']).toBe('user');
    const results = (last['content'] as Json[]).filter((block) => block['type'] === 'tool_result');
    expect(results).toHaveLength(2);
    const byId = new Map(results.map((block) => [block['tool_use_id'], block]));
    expect(JSON.stringify(byId.get(ids.paris)?.['content'])).toContain(PARIS_RESULT);
    expect(JSON.stringify(byId.get(ids.tokyo)?.['content'])).toContain(TOKYO_RESULT);
    expect(byId.get(ids.paris)?.['is_error'] ?? false).toBe(false);
    expect(byId.get(ids.tokyo)?.['is_error'] ?? false).toBe(tokyoIsError);
    return;
  }
  const assistant = messages.find((message) => message['role'] === 'assistant')!;
  const calls = assistant['tool_calls'] as Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
  expect(calls.map((call) => [call.id, call.type, call.function.name, JSON.parse(call.function.arguments)])).toEqual([
    [ids.paris, 'function', 'get_weather', PARIS_INPUT],
    [ids.tokyo, 'function', 'get_weather', { city: 'Tokyo', unit: 'celsius' }],
  ]);
  const toolMessages = messages.filter((message) => message['role'] === 'tool');
  expect(toolMessages.map((message) => message['tool_call_id']).sort()).toEqual([ids.paris, ids.tokyo].sort());
  const byId = new Map(toolMessages.map((message) => [message['tool_call_id'], message]));
  expect(JSON.stringify(byId.get(ids.paris)?.['content'])).toContain(PARIS_RESULT);
  expect(JSON.stringify(byId.get(ids.tokyo)?.['content'])).toContain(TOKYO_RESULT);
  // OpenAI has no error flag: an Anthropic `is_error` result is marked in its text instead.
  expect(JSON.stringify(byId.get(ids.tokyo)?.['content']).includes(`error: ${TOKYO_RESULT}`)).toBe(tokyoIsError);
  expect(JSON.stringify(byId.get(ids.paris)?.['content'])).not.toContain('error:');
  // The tool messages come right after the assistant message that made the calls, before anything else.
  const assistantAt = messages.indexOf(assistant);
  expect(messages.slice(assistantAt + 1, assistantAt + 3).map((message) => message['role'])).toEqual(['tool', 'tool']);
}

describe.each(
  lanes([
    { name: 'passthrough to Anthropic', requested: 'claude-alias', provider: 'asim', answeredModel: 'claude-sonnet-4-6' },
    { name: 'translated to OpenAI', requested: 'claude-via-openai', provider: 'osim', answeredModel: 'gpt-5' },
  ]),
)('Anthropic SDK parallel tool loop, $name, stream=$stream', (lane) => {
  it('keeps tool ids across turns and delivers each result to its call', async () => {
    const client = new Anthropic({ baseURL: stackOf().anthropicBaseUrl, apiKey: 'sk-client-key', maxRetries: 0, timeout: 10_000 });
    const ids = IDS[lane.provider];
    const tools: Anthropic.Tool[] = [{ name: 'get_weather', description: 'Current weather for a city', input_schema: WEATHER_SCHEMA }];
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: QUESTION }];
    const ask = async () => {
      const params = { model: lane.requested, max_tokens: 512, tools, messages };
      return lane.stream ? client.messages.stream(params).finalMessage() : client.messages.create(params);
    };

    const first = await ask();
    expect(first.model).toBe(lane.answeredModel);
    expect(first.stop_reason).toBe('tool_use');
    expect(first.content.map((block) => block.type)).toEqual(['text', 'tool_use', 'tool_use']);
    expect(first.content[0]).toMatchObject({ type: 'text', text: PREAMBLE });
    const toolUses = first.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
    expect(toolUses.map((block) => [block.id, block.name, block.input])).toEqual([
      [ids.paris, 'get_weather', PARIS_INPUT],
      [ids.tokyo, 'get_weather', { city: 'Tokyo', unit: 'celsius' }],
    ]);

    messages.push({ role: 'assistant', content: first.content });
    // Results deliberately in reverse order: matching must go by id, not by position.
    messages.push({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: toolUses[1]!.id, content: TOKYO_RESULT, is_error: true },
        { type: 'tool_result', tool_use_id: toolUses[0]!.id, content: [{ type: 'text', text: PARIS_RESULT }] },
      ],
    });
    const second = await ask();
    expect(second.model).toBe(lane.answeredModel);
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content).toEqual([expect.objectContaining({ type: 'text', text: FINAL })]);

    const bodies = recordedBodies(stackOf().sims[lane.provider]!);
    expect(bodies).toHaveLength(2);
    expectResultsReachedProvider(lane.provider, bodies[1]!, ids, true);
  });
});

describe.each(
  lanes([
    { name: 'passthrough to OpenAI', requested: 'gpt-alias', provider: 'osim', answeredModel: 'gpt-5-mini' },
    { name: 'translated to Anthropic', requested: 'gpt-via-anthropic', provider: 'asim', answeredModel: 'claude-sonnet-4-5' },
  ]),
)('OpenAI SDK parallel tool loop, $name, stream=$stream', (lane) => {
  const tools: OpenAI.ChatCompletionFunctionTool[] = [
    { type: 'function', function: { name: 'get_weather', description: 'Current weather for a city', parameters: WEATHER_SCHEMA } },
  ];

  it('keeps tool call ids across turns and delivers each result to its call', async () => {
    const client = new OpenAI({ baseURL: stackOf().openaiBaseUrl, apiKey: 'sk-client-key', maxRetries: 0, timeout: 10_000 });
    const ids = IDS[lane.provider];
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: QUESTION }];
    const ask = async () => {
      const params = { model: lane.requested, tools, messages, parallel_tool_calls: true };
      return lane.stream ? client.chat.completions.stream(params).finalChatCompletion() : client.chat.completions.create(params);
    };

    const first = await ask();
    expect(first.model).toBe(lane.answeredModel);
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBe(PREAMBLE);
    const calls = (choice.message.tool_calls ?? []).filter((call) => call.type === 'function');
    expect(calls.map((call) => [call.id, call.function.name, JSON.parse(call.function.arguments)])).toEqual([
      [ids.paris, 'get_weather', PARIS_INPUT],
      [ids.tokyo, 'get_weather', { city: 'Tokyo', unit: 'celsius' }],
    ]);

    messages.push({ role: 'assistant', content: choice.message.content, tool_calls: calls });
    messages.push({ role: 'tool', tool_call_id: calls[0]!.id, content: PARIS_RESULT });
    messages.push({ role: 'tool', tool_call_id: calls[1]!.id, content: [{ type: 'text', text: TOKYO_RESULT }] });
    const second = await ask();
    expect(second.model).toBe(lane.answeredModel);
    expect(second.choices[0]!.finish_reason).toBe('stop');
    expect(second.choices[0]!.message.content).toBe(FINAL);

    const bodies = recordedBodies(stackOf().sims[lane.provider]!);
    expect(bodies).toHaveLength(2);
    expectResultsReachedProvider(lane.provider, bodies[1]!, ids, false);
  });

  it('runs the whole loop with chat.completions.runTools', async () => {
    const client = new OpenAI({ baseURL: stackOf().openaiBaseUrl, apiKey: 'sk-client-key', maxRetries: 0, timeout: 10_000 });
    const calledWith: Array<{ city: string }> = [];
    const getWeather = (args: { city: string }) => {
      calledWith.push(args);
      return args.city === 'Paris' ? PARIS_RESULT : TOKYO_RESULT;
    };
    const runnerTools = [
      {
        type: 'function' as const,
        function: {
          name: 'get_weather',
          description: 'Current weather for a city',
          parameters: WEATHER_SCHEMA,
          parse: (input: string) => JSON.parse(input) as { city: string },
          function: getWeather,
        },
      },
    ];
    const base = { model: lane.requested, messages: [{ role: 'user' as const, content: QUESTION }], tools: runnerTools };
    const runner = lane.stream ? client.chat.completions.runTools({ ...base, stream: true }) : client.chat.completions.runTools(base);
    const content = await runner.finalContent();
    expect(content).toBe(FINAL);
    expect(calledWith.map((args) => args.city)).toEqual(['Paris', 'Tokyo']);
    const final = await runner.finalChatCompletion();
    expect(final.model).toBe(lane.answeredModel);
    expect(final.choices[0]!.finish_reason).toBe('stop');
    const toolResults = runner.messages.filter((message) => message.role === 'tool');
    expect(toolResults.map((message) => message.tool_call_id)).toEqual([ids(lane).paris, ids(lane).tokyo]);

    const bodies = recordedBodies(stackOf().sims[lane.provider]!);
    expect(bodies).toHaveLength(2);
    expectResultsReachedProvider(lane.provider, bodies[1]!, ids(lane), false);
  });
});

function ids(lane: Lane): { paris: string; tokyo: string } {
  return IDS[lane.provider];
}

describe('tool definitions and tool_choice across translation', () => {
  it('Anthropic tool_choice and disable_parallel_tool_use reach OpenAI as tool_choice and parallel_tool_calls', async () => {
    const client = new Anthropic({ baseURL: stackOf().anthropicBaseUrl, apiKey: 'sk-client-key', maxRetries: 0, timeout: 10_000 });
    await client.messages.create({
      model: 'claude-via-openai',
      max_tokens: 100,
      tools: [{ name: 'get_weather', description: 'Current weather for a city', input_schema: WEATHER_SCHEMA }],
      tool_choice: { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true },
      messages: [{ role: 'user', content: 'Just say hi.' }],
    });
    const body = recordedBodies(stackOf().sims['osim']!)[0]!;
    expect(body['tools']).toEqual([
      { type: 'function', function: expect.objectContaining({ name: 'get_weather', description: 'Current weather for a city', parameters: WEATHER_SCHEMA }) },
    ]);
    expect(body['tool_choice']).toEqual({ type: 'function', function: { name: 'get_weather' } });
    expect(body['parallel_tool_calls']).toBe(false);
  });

  it('OpenAI tool_choice "required" and parallel_tool_calls false reach Anthropic as any + disable_parallel_tool_use', async () => {
    const client = new OpenAI({ baseURL: stackOf().openaiBaseUrl, apiKey: 'sk-client-key', maxRetries: 0, timeout: 10_000 });
    await client.chat.completions.create({
      model: 'gpt-via-anthropic',
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Current weather for a city', parameters: WEATHER_SCHEMA } }],
      tool_choice: 'required',
      parallel_tool_calls: false,
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Just say hi.' }],
    });
    const body = recordedBodies(stackOf().sims['asim']!)[0]!;
    expect(body['tools']).toEqual([expect.objectContaining({ name: 'get_weather', description: 'Current weather for a city', input_schema: WEATHER_SCHEMA })]);
    expect(body['tool_choice']).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(JSON.stringify(body['system'])).toContain('Be brief.');
    // The system message is hoisted; the one user message remains (as a string or one text block).
    const messages = body['messages'] as Json[];
    expect(messages).toHaveLength(1);
    expect(messages[0]!['role']).toBe('user');
    expect([JSON.stringify('Just say hi.'), JSON.stringify([{ type: 'text', text: 'Just say hi.' }])]).toContain(JSON.stringify(messages[0]!['content']));
  });
});

describe('a reply that is only a tool call (no text)', () => {
  it.each([
    { requested: 'claude-alias', provider: 'asim' as const },
    { requested: 'claude-via-openai', provider: 'osim' as const },
  ])('reaches an Anthropic client as one tool_use block ($requested)', async ({ requested, provider }) => {
    const client = new Anthropic({ baseURL: stackOf().anthropicBaseUrl, apiKey: 'sk-client-key', maxRetries: 0, timeout: 10_000 });
    const params = {
      model: requested,
      max_tokens: 100,
      tools: [{ name: 'get_weather', description: 'Current weather for a city', input_schema: WEATHER_SCHEMA }],
      messages: [{ role: 'user' as const, content: 'Go straight to the tool.' }],
    };
    for (const message of [await client.messages.create(params), await client.messages.stream(params).finalMessage()]) {
      expect(message.stop_reason).toBe('tool_use');
      expect(message.content).toHaveLength(1);
      expect(message.content[0]).toMatchObject({ type: 'tool_use', id: IDS[provider].paris, name: 'get_weather', input: PARIS_INPUT });
    }
  });

  it.each([
    { requested: 'gpt-alias', provider: 'osim' as const },
    { requested: 'gpt-via-anthropic', provider: 'asim' as const },
  ])('reaches an OpenAI client as one tool call with null content ($requested)', async ({ requested, provider }) => {
    const client = new OpenAI({ baseURL: stackOf().openaiBaseUrl, apiKey: 'sk-client-key', maxRetries: 0, timeout: 10_000 });
    const params = {
      model: requested,
      tools: [{ type: 'function' as const, function: { name: 'get_weather', description: 'Current weather for a city', parameters: WEATHER_SCHEMA } }],
      messages: [{ role: 'user' as const, content: 'Go straight to the tool.' }],
    };
    for (const completion of [await client.chat.completions.create(params), await client.chat.completions.stream(params).finalChatCompletion()]) {
      const choice = completion.choices[0]!;
      expect(choice.finish_reason).toBe('tool_calls');
      expect(choice.message.content ?? null).toBeNull();
      const calls = (choice.message.tool_calls ?? []).filter((call) => call.type === 'function');
      expect(calls.map((call) => [call.id, call.function.name, JSON.parse(call.function.arguments)])).toEqual([[IDS[provider].paris, 'get_weather', PARIS_INPUT]]);
    }
  });
});
