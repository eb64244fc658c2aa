import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedRequest, ScriptRule } from '../../src/simulators/index.js';
import { createTestServiceAccount } from '../support/google-service-account.js';
import { startStack, type Stack } from '../support/start-stack.js';

// Claude on Vertex AI through Lifeline: an Anthropic client's request reaches :rawPredict /
// :streamRawPredict byte-faithful (thinking signatures, cache_control, tools), with the model in the
// path, anthropic_version in the body and a Google token from a real service-account flow; an
// OpenAI client is translated. The simulator checks the JWT signature and the bearer token.

const ANSWER = 'Vertex says hello from the same Claude.';
const SCRIPT: ScriptRule[] = [
  { match: { lastMessageIsToolResult: true }, reply: { text: 'FINAL: the file has 3 lines.' } },
  { match: { lastUserText: 'count lines' }, reply: { thinking: 'I should read the file.', toolCalls: [{ id: 'toolu_01VertexReadFile000000001', name: 'read_file', input: { path: 'a.txt' } }] } },
  { reply: { text: ANSWER } },
];
const account = createTestServiceAccount();
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      {
        name: 'vertex',
        type: 'vertex',
        simulator: { format: 'vertex', script: SCRIPT, google: { serviceAccountKeys: { [account.email]: account.publicKeyPem }, projects: ['test-project'] } },
        extra: (sim) => ({ project: 'test-project', region: 'us-east5', credentials_file: account.writeKeyFile(`${sim.url}/token`) }),
      },
    ],
    routes: { 'claude-*': ['vertex/*'], 'gpt-via-vertex': ['vertex/claude-sonnet-4-5'] },
  });
});
afterAll(() => stack?.close());
beforeEach(() => stack.sims.vertex!.control.clearRequests());

const anthropic = () => new Anthropic({ baseURL: stack.anthropicBaseUrl, apiKey: 'sk-client-own-key', maxRetries: 0 });
const modelCalls = (): RecordedRequest[] => stack.sims.vertex!.control.requests().filter((request) => request.path.includes('/publishers/'));
const MODEL_PATH = '/v1/projects/test-project/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929';

describe('Claude on Vertex AI through Lifeline', () => {
  it('sends an Anthropic request to :rawPredict with its Vertex id, the Vertex version in the body and a Google token', async () => {
    const message = await anthropic().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'hello' }] });
    expect(message.content).toEqual([{ type: 'text', text: ANSWER }]);
    const [call] = modelCalls();
    expect(call!.path).toBe(`${MODEL_PATH}:rawPredict`);
    expect(call!.body).toEqual({ anthropic_version: 'vertex-2023-10-16', max_tokens: 100, messages: [{ role: 'user', content: 'hello' }] });
    expect(call!.headers.authorization).toMatch(/^Bearer ya29\.sim-/);
    expect(call!.headers['x-api-key']).toBeUndefined();
    expect(call!.headers['anthropic-version']).toBeUndefined();
    // The service account signed in once at the simulator's own token_uri.
    expect(stack.sims.vertex!.control.requests().filter((request) => request.path === '/token').length).toBeLessThanOrEqual(1);
  });

  it('streams from :streamRawPredict and keeps thinking, its signature, cache_control and tools byte-faithful', async () => {
    const tools: Anthropic.Tool[] = [{ name: 'read_file', description: 'Read a file', input_schema: { type: 'object', properties: { path: { type: 'string' } } }, cache_control: { type: 'ephemeral' } }];
    const first = await anthropic().messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 1024 }, tools, messages: [{ role: 'user', content: 'count lines in a.txt' }] }).finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const thinking = first.content.find((block) => block.type === 'thinking');
    expect(thinking && 'signature' in thinking ? thinking.signature : '').toMatch(/^Eq/);
    const toolUse = first.content.find((block) => block.type === 'tool_use')!;
    const followUp: Anthropic.MessageCreateParams = {
      model: 'claude-sonnet-4-5',
      max_tokens: 2000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools,
      system: [{ type: 'text', text: 'You count lines.', cache_control: { type: 'ephemeral' } }],
      messages: [
        { role: 'user', content: 'count lines in a.txt' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.type === 'tool_use' ? toolUse.id : '', content: 'one\ntwo\nthree' }] },
      ],
    };
    const second = await anthropic().messages.stream(followUp).finalMessage();
    expect(second.content).toEqual([{ type: 'text', text: 'FINAL: the file has 3 lines.' }]);
    const last = modelCalls().at(-1)!;
    expect(last.path).toBe(`${MODEL_PATH}:streamRawPredict`);
    const { model: _model, ...sent } = followUp;
    expect(last.body).toEqual({ anthropic_version: 'vertex-2023-10-16', ...JSON.parse(JSON.stringify(sent)), stream: true });
  });

  it('drops only the betas Vertex rejects', async () => {
    await anthropic().messages.create(
      { model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] },
      { headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14,effort-2025-11-24,context-1m-2025-08-07,web-search-2025-03-05' } },
    );
    expect(modelCalls()[0]!.headers['anthropic-beta']).toBe('interleaved-thinking-2025-05-14,context-1m-2025-08-07');
  });

  it('translates an OpenAI client, streaming and not', async () => {
    const openai = new OpenAI({ baseURL: stack.openaiBaseUrl, apiKey: 'sk-client', maxRetries: 0 });
    const completion = await openai.chat.completions.create({ model: 'gpt-via-vertex', messages: [{ role: 'user', content: 'hello' }] });
    expect(completion.choices[0]!.message.content).toBe(ANSWER);
    let streamed = '';
    for await (const chunk of await openai.chat.completions.create({ model: 'gpt-via-vertex', messages: [{ role: 'user', content: 'hello' }], stream: true })) streamed += chunk.choices[0]?.delta.content ?? '';
    expect(streamed).toBe(ANSWER);
    const calls = modelCalls();
    expect(calls.map((call) => call.path)).toEqual([`${MODEL_PATH}:rawPredict`, `${MODEL_PATH}:streamRawPredict`]);
    expect((calls[0]!.body as Record<string, unknown>).anthropic_version).toBe('vertex-2023-10-16');
  });

  it('counts tokens at count-tokens:rawPredict with the Vertex id in the body', async () => {
    const counted = await anthropic().messages.countTokens({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'count my tokens please' }] });
    expect(counted.input_tokens).toBeGreaterThan(0);
    const call = modelCalls()[0]!;
    expect(call.path).toBe('/v1/projects/test-project/locations/us-east5/publishers/anthropic/models/count-tokens:rawPredict');
    expect((call.body as Record<string, unknown>).model).toBe('claude-sonnet-4-5@20250929');
  });
});
