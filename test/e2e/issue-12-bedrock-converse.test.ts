import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ScriptRule, SimulatorHandle } from '../../src/simulators/index.js';
import { startStack, type Stack } from '../support/start-stack.js';

// Bedrock models without a Messages API (Amazon Nova here) through the Converse API: the official
// Anthropic and OpenAI SDKs as clients, the Bedrock simulator's Converse and ConverseStream (real
// SigV4, real event-stream frames) as the cloud; errors classified, a mid-stream exception
// continued on the next target.

const KEY = { accessKeyId: 'AKIALIFELINECONVERSE', secretAccessKey: 'lifeline-e2e-converse-secret-key-0000001' };
const NOVA = 'amazon.nova-pro-v1:0';
const ANSWER = 'Nova answers through Converse in several small pieces of text.';
const FINAL = 'FINAL: the file has 3 lines.';
const SCRIPT: ScriptRule[] = [
  { match: { lastMessageIsToolResult: true, toolResultContains: 'line one' }, reply: { text: FINAL } },
  { match: { lastUserText: 'count the lines' }, reply: { text: 'Reading it.', toolCalls: [{ id: 'tooluse_ReadFile00000000000001', name: 'read_file', input: { path: 'notes.txt' } }] } },
  { match: { lastUserText: 'guarded' }, reply: { text: 'hidden', stopReason: 'guardrail_intervened' } },
  { reply: { text: ANSWER } },
];

let stack: Stack;
const sim = (name: string): SimulatorHandle => stack.sims[name]!;

beforeAll(async () => {
  const converseSim = { format: 'bedrock' as const, aws: { region: 'us-east-1', credentials: [KEY] }, script: SCRIPT, chunkCount: 6 };
  const keys = { access_key_id: KEY.accessKeyId, secret_access_key: KEY.secretAccessKey };
  stack = await startStack({
    providers: [
      { name: 'nova', simulator: converseSim, extra: keys },
      // Each error case has its own account: a throttled or refused credential cools down.
      { name: 'novathrottled', simulator: converseSim, extra: keys },
      { name: 'novadenied', simulator: converseSim, extra: keys },
      { name: 'backup', simulator: { format: 'anthropic', script: [{ reply: { text: ANSWER } }] } },
    ],
    routes: {
      nova: [`nova/${NOVA}`, 'backup/claude-sonnet-4-5'],
      'nova-us': [`nova/us.${NOVA}`],
      'nova-throttled': [`novathrottled/${NOVA}`, 'backup/claude-sonnet-4-5'],
      'nova-denied': [`novadenied/${NOVA}`, 'backup/claude-sonnet-4-5'],
    },
  });
});
afterAll(async () => stack?.close());
beforeEach(() => {
  for (const simulator of Object.values(stack.sims)) {
    simulator.control.clearRequests();
    simulator.control.clearFaults();
  }
});

const anthropic = () => new Anthropic({ baseURL: stack.anthropicBaseUrl, apiKey: 'sk-client-key', maxRetries: 0, timeout: 10_000 });
const openai = () => new OpenAI({ baseURL: stack.openaiBaseUrl, apiKey: 'sk-client-key', maxRetries: 0, timeout: 10_000 });
const bodies = (name: string) => sim(name).control.requests().map((request) => request.body as Record<string, unknown>);

describe('Anthropic SDK → Lifeline → Bedrock Converse', () => {
  for (const stream of [false, true]) {
    it(`answers from Nova through ${stream ? 'ConverseStream' : 'Converse'}`, async () => {
      const params = { model: 'nova', max_tokens: 64, system: 'Be brief.', messages: [{ role: 'user' as const, content: 'hello' }] };
      const message = stream ? await anthropic().messages.stream(params).finalMessage() : await anthropic().messages.create(params);
      expect(message.content).toEqual([{ type: 'text', text: ANSWER, citations: null }].map(({ citations: _citations, ...block }) => expect.objectContaining(block)));
      expect(message.stop_reason).toBe('end_turn');
      expect(message.usage.input_tokens).toBeGreaterThan(0);
      const [request] = sim('nova').control.requests();
      expect(request?.path).toBe(`/model/${encodeURIComponent(NOVA)}/${stream ? 'converse-stream' : 'converse'}`);
      expect(request?.headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${KEY.accessKeyId}/\\d{8}/us-east-1/bedrock/aws4_request`));
      expect(request?.body).toEqual({ system: [{ text: 'Be brief.' }], messages: [{ role: 'user', content: [{ text: 'hello' }] }], inferenceConfig: { maxTokens: 64 } });
      expect(sim('backup').control.requests()).toEqual([]);
    });
  }

  it('sends a cross-region profile id as it is', async () => {
    const message = await anthropic().messages.create({ model: 'nova-us', max_tokens: 64, messages: [{ role: 'user', content: 'hello' }] });
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: ANSWER })]);
    expect(sim('nova').control.requests()[0]?.path).toBe(`/model/${encodeURIComponent(`us.${NOVA}`)}/converse`);
  });

  it('runs a tool loop on Converse, streaming, with cache_control as cache points', async () => {
    const client = anthropic();
    const tools: Anthropic.Tool[] = [{ name: 'read_file', description: 'Reads a file', input_schema: { type: 'object', properties: { path: { type: 'string' } } }, cache_control: { type: 'ephemeral' } }];
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'count the lines of notes.txt' }];
    const first = await client.messages.stream({ model: 'nova', max_tokens: 256, tools, messages }).finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const call = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use')!;
    expect([call.id, call.name, call.input]).toEqual(['tooluse_ReadFile00000000000001', 'read_file', { path: 'notes.txt' }]);
    messages.push({ role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'line one\nline two\nline three' }] });
    const second = await client.messages.stream({ model: 'nova', max_tokens: 256, tools, messages }).finalMessage();
    expect(second.content).toEqual([expect.objectContaining({ type: 'text', text: FINAL })]);
    expect(second.usage.cache_read_input_tokens).toBeGreaterThan(0);
    const sent = bodies('nova')[1]!;
    expect(sent['toolConfig']).toEqual({ tools: [{ toolSpec: { name: 'read_file', description: 'Reads a file', inputSchema: { json: tools[0]!.input_schema } } }, { cachePoint: { type: 'default' } }] });
    expect(sent['messages']).toEqual([
      { role: 'user', content: [{ text: 'count the lines of notes.txt' }] },
      { role: 'assistant', content: [{ text: 'Reading it.' }, { toolUse: { toolUseId: call.id, name: 'read_file', input: { path: 'notes.txt' } } }] },
      { role: 'user', content: [{ toolResult: { toolUseId: call.id, content: [{ text: 'line one\nline two\nline three' }] } }] },
    ]);
  });

  it('answers a guardrail stop as a refusal, not an outage', async () => {
    const message = await anthropic().messages.create({ model: 'nova', max_tokens: 64, messages: [{ role: 'user', content: 'guarded' }] });
    expect(message.stop_reason).toBe('refusal');
    expect(sim('backup').control.requests()).toEqual([]);
  });
});

describe('count_tokens for a Converse model', () => {
  it('asks no Bedrock target that cannot count (CountTokens serves Claude), and answers the estimate', async () => {
    const { data, response } = await anthropic().messages.countTokens({ model: 'nova-us', messages: [{ role: 'user', content: 'how many tokens?' }] }).withResponse();
    expect(data.input_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-lifeline-token-count')).toBe('estimated');
    expect(sim('nova').control.requests()).toEqual([]);
  });
});

describe('OpenAI SDK → Lifeline → Bedrock Converse', () => {
  for (const stream of [false, true]) {
    it(`answers a Chat Completions client from Nova (stream=${stream})`, async () => {
      const params = { model: 'nova', messages: [{ role: 'system' as const, content: 'Be brief.' }, { role: 'user' as const, content: 'hello' }], temperature: 0.2 };
      const completion = stream ? await openai().chat.completions.stream(params).finalChatCompletion() : await openai().chat.completions.create(params);
      expect(completion.choices[0]?.message.content).toBe(ANSWER);
      expect(completion.choices[0]?.finish_reason).toBe('stop');
      expect(sim('nova').control.requests()[0]?.body).toEqual({ system: [{ text: 'Be brief.' }], messages: [{ role: 'user', content: [{ text: 'hello' }] }], inferenceConfig: { temperature: 0.2 } });
    });
  }

  it('runs a tool loop through Converse', async () => {
    const client = openai();
    const tools: OpenAI.ChatCompletionFunctionTool[] = [{ type: 'function', function: { name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } }];
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'count the lines of notes.txt' }];
    const first = await client.chat.completions.create({ model: 'nova', tools, tool_choice: 'required', messages });
    const calls = (first.choices[0]!.message.tool_calls ?? []).filter((call) => call.type === 'function');
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    expect(calls.map((call) => [call.id, call.function.name, JSON.parse(call.function.arguments)])).toEqual([['tooluse_ReadFile00000000000001', 'read_file', { path: 'notes.txt' }]]);
    expect((bodies('nova')[0]!['toolConfig'] as { toolChoice?: unknown }).toolChoice).toEqual({ any: {} });
    messages.push({ role: 'assistant', content: first.choices[0]!.message.content, tool_calls: calls }, { role: 'tool', tool_call_id: calls[0]!.id, content: 'line one\nline two\nline three' });
    const second = await client.chat.completions.stream({ model: 'nova', tools, messages }).finalChatCompletion();
    expect(second.choices[0]!.message.content).toBe(FINAL);
  });
});

describe('Converse errors, classified', () => {
  it('fails over on a throttling exception, as rate_limited', async () => {
    sim('novathrottled').control.addFault({ kind: 'status', status: 429, persistent: true });
    const { data, response } = await anthropic().messages.create({ model: 'nova-throttled', max_tokens: 64, messages: [{ role: 'user', content: 'hello' }] }).withResponse();
    expect(data.content).toEqual([expect.objectContaining({ type: 'text', text: ANSWER })]);
    expect(response.headers.get('x-lifeline-failovers')).toBe(`novathrottled/${NOVA}=rate_limited`);
  });

  it('fails over on access denied, as auth', async () => {
    sim('novadenied').control.addFault({ kind: 'status', status: 403, errorType: 'AccessDeniedException', message: 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: bedrock:InvokeModel', persistent: true });
    const { data, response } = await openai().chat.completions.create({ model: 'nova-denied', messages: [{ role: 'user', content: 'hello' }] }).withResponse();
    expect(data.choices[0]?.message.content).toBe(ANSWER);
    expect(response.headers.get('x-lifeline-failovers')).toBe(`novadenied/${NOVA}=auth`);
  });

  it('answers a validation exception to the client as an invalid request, without failing over', async () => {
    sim('nova').control.addFault({ kind: 'status', status: 400, errorType: 'ValidationException', message: 'The model returned the following errors: Malformed input request', persistent: true });
    const error = await anthropic().messages.create({ model: 'nova', max_tokens: 64, messages: [{ role: 'user', content: 'hello' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as Error).message).toContain('Malformed input request');
    expect(sim('backup').control.requests()).toEqual([]);
  });

  it('continues the answer elsewhere after a modelStreamErrorException mid-stream', async () => {
    sim('nova').control.addFault({ kind: 'error-event', afterEvents: 4, errorType: 'ModelStreamErrorException', persistent: true });
    const message = await anthropic().messages.stream({ model: 'nova', max_tokens: 256, messages: [{ role: 'user', content: 'hello' }] }).finalMessage();
    // One whole answer: what Nova streamed before the exception, the rest from the backup.
    expect(message.content.map((block) => (block.type === 'text' ? block.text : '')).join('')).toBe(ANSWER);
    const [continued] = bodies('backup');
    expect(continued?.['messages']).toEqual([{ role: 'user', content: 'hello' }, { role: 'assistant', content: [{ type: 'text', text: expect.stringMatching(/^Nova answers/) }] }]);
  });
});
