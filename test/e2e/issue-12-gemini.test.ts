import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedRequest, ScriptRule } from '../../src/simulators/index.js';
import { createTestServiceAccount } from '../support/google-service-account.js';
import { startStack, type Stack } from '../support/start-stack.js';

// Gemini through the translation matrix: Anthropic and OpenAI SDK clients, streamed and not, a
// multi-turn tool loop (Gemini 3 refuses a function call whose thought signature did not come
// back), safety blocks that are answers and not outages, and errors classified — on the Gemini
// API and on Vertex AI's publishers/google.

const ANSWER = 'Gemini answers in a few pieces of text.';
const FINAL = 'FINAL: Paris is sunny at 24C.';
const SCRIPT: ScriptRule[] = [
  { match: { lastMessageIsToolResult: true, toolResultContains: 'sunny' }, reply: { text: FINAL } },
  { match: { lastUserText: 'weather in Paris' }, reply: { toolCalls: [{ name: 'get_weather', input: { city: 'Paris', note: 'été 🌞' } }] } },
  { match: { lastUserText: 'unsafe' }, reply: { text: 'hidden', stopReason: 'SAFETY' } },
  { match: { lastUserText: 'blocked prompt' }, reply: { stopReason: 'PROMPT_BLOCKED' } },
  { reply: { text: ANSWER } },
];
const GEMINI_KEY = 'AIzaSy-lifeline-test-key-000000000001';
const account = createTestServiceAccount('gemini-test');
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { name: 'gsim', type: 'gemini', simulator: { format: 'gemini', script: SCRIPT, keys: [GEMINI_KEY] }, keys: [GEMINI_KEY] },
      {
        name: 'vsim',
        type: 'vertex',
        simulator: { format: 'vertex', script: SCRIPT, google: { serviceAccountKeys: { [account.email]: account.publicKeyPem } } },
        extra: (sim) => ({ project: 'test-project', region: 'global', credentials_file: account.writeKeyFile(`${sim.url}/token`) }),
      },
      { name: 'backup', simulator: { format: 'anthropic', script: [{ reply: { text: 'backup answered' } }] } },
    ],
    routes: {
      'gemini-3-pro-preview': ['gsim/gemini-3-pro-preview', 'backup/claude-sonnet-4-5'],
      'gemini-on-vertex': ['vsim/gemini-3-flash-preview', 'backup/claude-sonnet-4-5'],
    },
  });
});
afterAll(() => stack?.close());
beforeEach(() => {
  for (const sim of Object.values(stack.sims)) {
    sim.control.clearRequests();
    sim.control.clearFaults();
  }
});

const anthropic = () => new Anthropic({ baseURL: stack.anthropicBaseUrl, apiKey: 'sk-client', maxRetries: 0 });
const openai = () => new OpenAI({ baseURL: stack.openaiBaseUrl, apiKey: 'sk-client', maxRetries: 0 });
/** Generation calls a simulator received (Vertex's token requests left out). */
const calls = (name: string): RecordedRequest[] => stack.sims[name]!.control.requests().filter((request) => request.path.includes(':') || request.path === '/v1/messages');
const WEATHER_TOOL = { name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } };

const LANES = [
  { name: 'Gemini API', model: 'gemini-3-pro-preview', sim: 'gsim', path: '/v1beta/models/gemini-3-pro-preview' },
  { name: 'Gemini on Vertex AI', model: 'gemini-on-vertex', sim: 'vsim', path: '/v1/projects/test-project/locations/global/publishers/google/models/gemini-3-flash-preview' },
];

for (const lane of LANES) {
  describe(`${lane.name} through Lifeline`, () => {
    it('answers the Anthropic SDK, streamed and not, translated to generateContent', async () => {
      const message = await anthropic().messages.create({ model: lane.model, max_tokens: 200, system: 'Be brief.', messages: [{ role: 'user', content: 'hello' }] });
      expect(message.content).toEqual([{ type: 'text', text: ANSWER }]);
      expect(message.stop_reason).toBe('end_turn');
      expect(message.usage.input_tokens).toBeGreaterThan(0);
      const streamed = await anthropic().messages.stream({ model: lane.model, max_tokens: 200, messages: [{ role: 'user', content: 'hello' }] }).finalMessage();
      expect(streamed.content).toEqual([{ type: 'text', text: ANSWER }]);
      const [plain, stream] = calls(lane.sim);
      expect(plain!.path).toBe(`${lane.path}:generateContent`);
      expect(stream!.path).toBe(`${lane.path}:streamGenerateContent`);
      expect(stream!.query).toBe('alt=sse');
      expect(plain!.body).toEqual({ contents: [{ role: 'user', parts: [{ text: 'hello' }] }], systemInstruction: { parts: [{ text: 'Be brief.' }] }, generationConfig: { maxOutputTokens: 200 } });
      if (lane.sim === 'gsim') expect(plain!.headers['x-goog-api-key']).toBe(GEMINI_KEY);
      else expect(plain!.headers.authorization).toMatch(/^Bearer ya29\.sim-/);
      expect(calls('backup')).toEqual([]);
    });

    it('answers the OpenAI SDK, streamed and not', async () => {
      const completion = await openai().chat.completions.create({ model: lane.model, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hello' }] });
      expect(completion.choices[0]!.message.content).toBe(ANSWER);
      expect(completion.choices[0]!.finish_reason).toBe('stop');
      let text = '';
      for await (const chunk of await openai().chat.completions.create({ model: lane.model, messages: [{ role: 'user', content: 'hello' }], stream: true })) text += chunk.choices[0]?.delta.content ?? '';
      expect(text).toBe(ANSWER);
    });

    it('answers the OpenAI SDK on the Responses API, streamed and not', async () => {
      const response = await openai().responses.create({ model: lane.model, input: 'hello' });
      expect(response.output_text).toBe(ANSWER);
      const streamed = await openai().responses.stream({ model: lane.model, input: 'hello' }).finalResponse();
      expect(streamed.output_text).toBe(ANSWER);
      expect(calls(lane.sim).map((call) => call.path)).toEqual([`${lane.path}:generateContent`, `${lane.path}:streamGenerateContent`]);
    });

    for (const stream of [false, true]) {
      it(`runs a tool loop from the Anthropic SDK${stream ? ', streaming' : ''}: the thought signature goes back with the call`, async () => {
        const ask = (messages: Anthropic.MessageParam[]) => {
          const params = { model: lane.model, max_tokens: 300, tools: [WEATHER_TOOL], messages };
          return stream ? anthropic().messages.stream(params).finalMessage() : anthropic().messages.create(params);
        };
        const question: Anthropic.MessageParam = { role: 'user', content: 'What is the weather in Paris?' };
        const first = await ask([question]);
        expect(first.stop_reason).toBe('tool_use');
        const toolUse = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use')!;
        expect(toolUse.name).toBe('get_weather');
        expect(toolUse.input).toEqual({ city: 'Paris', note: 'été 🌞' });
        const second = await ask([question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'sunny, 24C' }] }]);
        expect(second.content).toEqual([{ type: 'text', text: FINAL }]);
        const sent = calls(lane.sim).at(-1)!.body as { contents: Array<{ role: string; parts: Array<Record<string, unknown>> }>; tools: unknown };
        expect(sent.tools).toEqual([{ functionDeclarations: [{ name: 'get_weather', description: 'Weather for a city', parametersJsonSchema: WEATHER_TOOL.input_schema }] }]);
        expect(sent.contents[1]!.parts[0]!.thoughtSignature).toMatch(/^CiQB/);
        expect(sent.contents[2]).toEqual({ role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: 'sunny, 24C' } } }] });
        expect(calls('backup')).toEqual([]);
      });
    }

    it('runs a tool loop from the OpenAI SDK, streaming', async () => {
      const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'get_weather', parameters: WEATHER_TOOL.input_schema } }];
      const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'What is the weather in Paris?' };
      const first = await openai().chat.completions.stream({ model: lane.model, tools, messages: [question] }).finalChatCompletion();
      const call = first.choices[0]!.message.tool_calls![0]!;
      expect(first.choices[0]!.finish_reason).toBe('tool_calls');
      expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Paris', note: 'été 🌞' });
      const second = await openai().chat.completions.stream({ model: lane.model, tools, messages: [question, first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: 'sunny' }] }).finalChatCompletion();
      expect(second.choices[0]!.message.content).toBe(FINAL);
    });

    it('passes a safety stop and a blocked prompt to the client as a refusal, with no failover', async () => {
      const stopped = await anthropic().messages.create({ model: lane.model, max_tokens: 50, messages: [{ role: 'user', content: 'something unsafe' }] });
      expect(stopped.stop_reason).toBe('refusal');
      const blocked = await openai().chat.completions.create({ model: lane.model, messages: [{ role: 'user', content: 'a blocked prompt' }] });
      expect(blocked.choices[0]!.finish_reason).toBe('content_filter');
      expect(calls('backup')).toEqual([]);
    });

    it('does not fail over on an invalid request (400 INVALID_ARGUMENT)', async () => {
      stack.sims[lane.sim]!.control.addFault({ kind: 'status', status: 400, message: "Invalid value at 'contents[0].parts[0]': unknown field", persistent: true });
      const error = await anthropic().messages.create({ model: lane.model, max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.BadRequestError);
      expect((error as Error).message).toContain('Invalid value');
      expect(calls('backup')).toEqual([]);
    });

    for (const status of [503, 429]) {
      it(`fails over on ${status === 503 ? 'an overload (503 UNAVAILABLE)' : 'a 429 RESOURCE_EXHAUSTED'}`, async () => {
        stack.sims[lane.sim]!.control.addFault({ kind: 'status', status, persistent: true });
        const { data, response } = await anthropic().messages.create({ model: lane.model, max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] }).withResponse();
        expect(data.content).toEqual([{ type: 'text', text: 'backup answered' }]);
        expect(response.headers.get('x-lifeline-failovers')).toMatch(status === 503 ? /=overloaded$/ : /=rate_limited$/);
        expect(calls('backup')).toHaveLength(1);
        expect(calls(lane.sim).length).toBeGreaterThanOrEqual(1);
      });
    }

  });
}


describe('Gemini API keys', () => {
  it('classifies a key Gemini calls invalid as auth and moves on to the next target, without the key in the answer', async () => {
    const wrongKey = 'AIzaSy-lifeline-wrong-key-0000000000002';
    const keyStack = await startStack({
      providers: [
        { name: 'gsim', type: 'gemini', simulator: { format: 'gemini', keys: [GEMINI_KEY] }, keys: [wrongKey] },
        { name: 'backup', simulator: { format: 'anthropic', script: [{ reply: { text: 'backup answered' } }] } },
      ],
      routes: { 'gemini-2.5-flash': ['gsim/gemini-2.5-flash', 'backup/claude-sonnet-4-5'] },
    });
    try {
      const client = new Anthropic({ baseURL: keyStack.anthropicBaseUrl, apiKey: 'sk-client', maxRetries: 0 });
      const { data, response } = await client.messages.create({ model: 'gemini-2.5-flash', max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] }).withResponse();
      expect(data.content).toEqual([{ type: 'text', text: 'backup answered' }]);
      expect(response.headers.get('x-lifeline-failovers')).toBe('gsim/gemini-2.5-flash=auth');
      expect(keyStack.sims.gsim!.control.requests()[0]!.headers['x-goog-api-key']).toBe(wrongKey);
      expect(JSON.stringify([...response.headers.entries()])).not.toContain(wrongKey);
    } finally {
      await keyStack.close();
    }
  });
});
