import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ScriptRule, SimulatorHandle } from '../../src/simulators/index.js';
import { startStack, type Stack } from '../support/start-stack.js';

// Claude on Amazon Bedrock through Lifeline: the official Anthropic and OpenAI SDKs as clients, the
// Bedrock simulator (real SigV4 checks, real event-stream frames) as the cloud.

const KEY = { accessKeyId: 'AKIALIFELINEE2ETEST1', secretAccessKey: 'lifeline-e2e-bedrock-secret-key-000000001' };
const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const HAIKU = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const FINAL = 'FINAL: the file has 3 lines.';

const SCRIPT: ScriptRule[] = [
  { match: { lastMessageIsToolResult: true, toolResultContains: 'line one' }, reply: { text: FINAL } },
  { match: { lastUserText: 'count the lines' }, reply: { text: 'Reading it.', toolCalls: [{ id: 'toolu_01ReadFile000000000001', name: 'read_file', input: { path: 'notes.txt' } }] } },
  { reply: { text: 'Served by Bedrock.' } },
];

let stack: Stack;
const aws = () => stack.sims['aws']!;
const asim = () => stack.sims['asim']!;

beforeAll(async () => {
  const bedrockSim = { format: 'bedrock' as const, aws: { region: 'us-east-1', credentials: [KEY] }, script: SCRIPT };
  stack = await startStack({
    providers: [
      { name: 'asim', simulator: { format: 'anthropic', script: [{ reply: { text: 'Served by Anthropic.' } }] } },
      { name: 'aws', simulator: bedrockSim, extra: { access_key_id: KEY.accessKeyId, secret_access_key: KEY.secretAccessKey } },
      // The same account, configured with a secret key that is wrong.
      { name: 'awsbad', simulator: bedrockSim, extra: { access_key_id: KEY.accessKeyId, secret_access_key: 'a-wrong-secret-access-key-0000000000000' } },
    ],
    routes: {
      'claude-sonnet-4-5': ['aws/*'],
      'claude-haiku-4-5': ['awsbad/*', 'aws/*'],
      'gpt-via-bedrock': ['aws/claude-haiku-4-5'],
      'claude-*': ['asim/*', 'aws/*'],
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

const anthropic = () => new Anthropic({ baseURL: stack.anthropicBaseUrl, apiKey: 'sk-client-key', maxRetries: 0, timeout: 10_000 });
const openai = () => new OpenAI({ baseURL: stack.openaiBaseUrl, apiKey: 'sk-client-key', maxRetries: 0, timeout: 10_000 });
const bodies = (sim: SimulatorHandle) => sim.control.requests().map((request) => request.body as Record<string, unknown>);

describe('Anthropic SDK → Lifeline → Bedrock', () => {
  for (const stream of [false, true]) {
    it(`sends Bedrock's model id in the path and only the betas Bedrock knows (stream=${stream})`, async () => {
      const params = { model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user' as const, content: 'hello' }] };
      const options = { headers: { 'anthropic-beta': 'files-api-2025-04-14,interleaved-thinking-2025-05-14' } };
      const message = stream ? await anthropic().messages.stream(params, options).finalMessage() : await anthropic().messages.create(params, options);
      expect(message.content).toEqual([{ type: 'text', text: 'Served by Bedrock.' }]);
      const [request] = aws().control.requests();
      expect(request?.path).toBe(`/model/${encodeURIComponent(SONNET)}/${stream ? 'invoke-with-response-stream' : 'invoke'}`);
      expect(request?.headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${KEY.accessKeyId}/\\d{8}/us-east-1/bedrock/aws4_request`));
      expect(request?.body).toMatchObject({ anthropic_version: 'bedrock-2023-05-31', anthropic_beta: ['interleaved-thinking-2025-05-14'], messages: params.messages });
      expect(request?.body).not.toHaveProperty('model');
    });
  }

  it('runs a tool loop on Bedrock, streaming', async () => {
    const client = anthropic();
    const tools: Anthropic.Tool[] = [{ name: 'read_file', description: 'Reads a file', input_schema: { type: 'object', properties: { path: { type: 'string' } } } }];
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'count the lines of notes.txt' }];
    const first = await client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 256, tools, messages }).finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const call = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use')!;
    expect([call.id, call.name, call.input]).toEqual(['toolu_01ReadFile000000000001', 'read_file', { path: 'notes.txt' }]);
    messages.push({ role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'line one\nline two\nline three' }] });
    const second = await client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 256, tools, messages }).finalMessage();
    expect(second.content).toEqual([expect.objectContaining({ type: 'text', text: FINAL })]);
    const sent = bodies(aws())[1]!;
    expect(sent['tools']).toEqual(tools);
    expect((sent['messages'] as unknown[]).at(-1)).toEqual(messages.at(-1));
  });

  it('fails over from Anthropic to Bedrock with the conversation byte for byte: thinking and its signature, cache_control, tools', async () => {
    asim().control.addFault({ kind: 'status', status: 529, persistent: true });
    const signature = `Eq${Buffer.from('signed by the Anthropic API for this very turn, verified on Bedrock too').toString('base64')}${'Q'.repeat(40)}`;
    const messages = [
      { role: 'user', content: [{ type: 'text', text: 'A long system-like preamble worth caching.', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'count the lines of notes.txt' }] },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'I should read the file first.', signature }, { type: 'tool_use', id: 'toolu_01ReadFile000000000001', name: 'read_file', input: { path: 'notes.txt' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01ReadFile000000000001', content: 'line one\nline two\nline three' }] },
    ];
    const tools = [{ name: 'read_file', description: 'Reads a file', input_schema: { type: 'object', properties: { path: { type: 'string' } } }, cache_control: { type: 'ephemeral' } }];
    const params = { model: 'claude-sonnet-4-5-20250929', max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 }, tools, messages };
    const message = await anthropic().messages.stream(params as unknown as Anthropic.MessageStreamParams).finalMessage();
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: FINAL })]);
    expect(asim().control.requests().length).toBeGreaterThan(0);
    const sent = bodies(aws())[0]!;
    expect(aws().control.requests()[0]?.path).toBe(`/model/${encodeURIComponent(SONNET)}/invoke-with-response-stream`);
    expect(sent['messages']).toEqual(messages);
    expect(sent['tools']).toEqual(tools);
    expect(sent['thinking']).toEqual(params.thinking);
  });

  it('skips, unsent, a Bedrock target for a model it has no id for', async () => {
    asim().control.addFault({ kind: 'status', status: 529, persistent: true });
    const error = await anthropic()
      .messages.create({ model: 'claude-made-up-9', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] })
      .then(() => undefined, (thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as Error).message).toContain('aws/claude-made-up-9: not_found skipped: unknown model');
    expect(aws().control.requests()).toEqual([]);
  });

  it('classes a wrong secret key as auth, cools that credential only, and answers from the next target', async () => {
    const message = await anthropic().messages.create({ model: 'claude-haiku-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.content).toEqual([{ type: 'text', text: 'Served by Bedrock.' }]);
    const pools = stack.lifeline.services.gateway.resilience;
    expect(pools.keyPool('awsbad').states()).toEqual([expect.objectContaining({ label: 'aws-key …EST1', status: 'cooling', reason: 'auth' })]);
    expect(pools.keyPool('aws').states()).toEqual([expect.objectContaining({ label: 'aws-key …EST1', status: 'available' })]);
    expect(stack.sims['awsbad']!.control.requests()).toHaveLength(1);
    expect(aws().control.requests()[0]?.path).toBe(`/model/${encodeURIComponent(HAIKU)}/invoke`);
  });
});

describe('Anthropic SDK messages.countTokens → Lifeline → Bedrock CountTokens', () => {
  it('counts on Bedrock with the InvokeModel body the model would be sent', async () => {
    const params = { model: 'claude-sonnet-4-5', system: 'You count.', messages: [{ role: 'user' as const, content: 'how many tokens is this sentence?' }] };
    const { data, response } = await anthropic().messages.countTokens(params).withResponse();
    expect(data.input_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-lifeline-token-count')).toBe('exact');
    expect(response.headers.get('x-lifeline-provider')).toBe('aws');
    const [request] = aws().control.requests();
    expect(request?.path).toBe(`/model/${encodeURIComponent(SONNET)}/count-tokens`);
    expect(request?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=/);
    const input = (request?.body as { input: { invokeModel: { body: string } } }).input;
    expect(JSON.parse(Buffer.from(input.invokeModel.body, 'base64').toString('utf8'))).toEqual({ max_tokens: 4096, anthropic_version: 'bedrock-2023-05-31', system: params.system, messages: params.messages });
  });
});

describe('OpenAI SDK → Lifeline → Bedrock (translated)', () => {
  for (const stream of [false, true]) {
    it(`answers a Chat Completions client from Claude on Bedrock (stream=${stream})`, async () => {
      const params = { model: 'gpt-via-bedrock', messages: [{ role: 'user' as const, content: 'hello' }] };
      const completion = stream ? await openai().chat.completions.stream(params).finalChatCompletion() : await openai().chat.completions.create(params);
      expect(completion.choices[0]?.message.content).toBe('Served by Bedrock.');
      const [request] = aws().control.requests();
      expect(request?.path).toBe(`/model/${encodeURIComponent(HAIKU)}/${stream ? 'invoke-with-response-stream' : 'invoke'}`);
      expect(request?.body).toMatchObject({ anthropic_version: 'bedrock-2023-05-31', messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }] });
    });
  }

  it('runs a tool loop through Bedrock', async () => {
    const client = openai();
    const tools: OpenAI.ChatCompletionFunctionTool[] = [{ type: 'function', function: { name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } }];
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'count the lines of notes.txt' }];
    const first = await client.chat.completions.create({ model: 'gpt-via-bedrock', tools, messages });
    const calls = (first.choices[0]!.message.tool_calls ?? []).filter((call) => call.type === 'function');
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    expect(calls.map((call) => [call.id, call.function.name, JSON.parse(call.function.arguments)])).toEqual([['toolu_01ReadFile000000000001', 'read_file', { path: 'notes.txt' }]]);
    messages.push({ role: 'assistant', content: first.choices[0]!.message.content, tool_calls: calls }, { role: 'tool', tool_call_id: calls[0]!.id, content: 'line one\nline two\nline three' });
    const second = await client.chat.completions.stream({ model: 'gpt-via-bedrock', tools, messages }).finalChatCompletion();
    expect(second.choices[0]!.message.content).toBe(FINAL);
  });
});

describe('Bedrock exceptions (last: they cool the credential)', () => {
  it('classes a throttling exception at the start of the stream like a 429', async () => {
    aws().control.addFault({ kind: 'error-event', afterEvents: 0, errorType: 'ThrottlingException', message: 'Too many tokens, please wait before trying again.' });
    // A throttled credential cools down, so this runs after everything else that needs it.
    const error = await anthropic()
      .messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] })
      .finalMessage()
      .then(() => undefined, (thrown: unknown) => thrown);
    expect(error).toMatchObject({ status: 429 });
  });

});

describe('Bedrock API keys', () => {
  it('sends them as bearer tokens instead of signing, cools a refused key alone and answers with the next', async () => {
    const good = 'ABSKbGlmZWxpbmUtZTJlLWJlZHJvY2stYXBpLWtleS0wMDAx';
    const wrong = 'ABSKbGlmZWxpbmUtZTJlLWJlZHJvY2stYXBpLWtleS0wMDAy';
    const keyStack = await startStack({
      providers: [{ name: 'awskeys', simulator: { format: 'bedrock', aws: { region: 'us-east-1', apiKeys: [good] }, script: [{ reply: { text: 'Served with an API key.' } }] }, extra: { keys: [wrong, good] } }],
      routes: { 'claude-*': ['awskeys/*'] },
    });
    try {
      const client = new Anthropic({ baseURL: keyStack.anthropicBaseUrl, apiKey: 'sk-client-key', maxRetries: 0, timeout: 10_000 });
      const { data, response } = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
      expect(data.content).toEqual([{ type: 'text', text: 'Served with an API key.' }]);
      const sent = keyStack.sims['awskeys']!.control.requests();
      expect(sent.map((request) => request.headers.authorization)).toEqual([`Bearer ${wrong}`, `Bearer ${good}`]);
      expect(sent.every((request) => request.headers['x-amz-date'] === undefined)).toBe(true);
      expect(keyStack.lifeline.services.gateway.resilience.keyPool('awskeys').states()).toEqual([
        expect.objectContaining({ label: 'key-1 …MDAy', status: 'cooling', reason: 'auth' }),
        expect.objectContaining({ label: 'key-2 …MDAx', status: 'available' }),
      ]);
      expect(JSON.stringify([...response.headers.entries()])).not.toContain(wrong);
      // The next request goes straight to the key that works.
      await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
      expect(keyStack.sims['awskeys']!.control.requests().at(-1)?.headers.authorization).toBe(`Bearer ${good}`);
    } finally {
      await keyStack.close();
    }
  });
});
