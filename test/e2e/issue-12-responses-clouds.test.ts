import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedRequest, ScriptRule } from '../../src/simulators/index.js';
import { createTestServiceAccount } from '../support/google-service-account.js';
import { startStack, type Stack } from '../support/start-stack.js';

// Issue 12, the Responses API column: the official OpenAI SDK (`responses.create` and
// `responses.stream`) through Lifeline to every cloud provider type — Bedrock (Claude by
// InvokeModel, Nova by Converse), Vertex AI (Claude and Gemini), Foundry, Azure OpenAI (no
// Responses passthrough there: translated to Chat Completions) and the Gemini API. Each lane: text
// streamed and not, a two-turn function tool loop whose call ids arrive paired at the cloud, a 400
// answered in the Responses shape without failover, and a 429 that fails over to a second target.

const ANSWER = 'The cloud answers in a few pieces of text.';
const FINAL = 'FINAL: Paris is sunny at 24C.';
const SCRIPT: ScriptRule[] = [
  { match: { lastMessageIsToolResult: true, toolResultContains: 'sunny' }, reply: { text: FINAL } },
  { match: { lastUserText: 'weather in Paris' }, reply: { toolCalls: [{ name: 'get_weather', input: { city: 'Paris' } }] } },
  { reply: { text: ANSWER } },
];
const BACKUP = 'The backup target answered.';
const AWS_KEY = { accessKeyId: 'AKIALIFELINERESPONSE', secretAccessKey: 'lifeline-e2e-responses-secret-key-00001' };
const FOUNDRY_KEY = 'foundry-lifeline-responses-key-000000001';
const AZURE_KEY = 'azure-lifeline-responses-key-0000000002';
const GEMINI_KEY = 'AIzaSy-lifeline-responses-key-00000003';
const account = createTestServiceAccount('responses-clouds');
const SONNET_BEDROCK = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const NOVA = 'amazon.nova-pro-v1:0';
const VERTEX_PROJECT = '/v1/projects/test-project/locations';

type Body = Record<string, unknown>;
/** The tool call ids (or, where the wire has no ids, names) of a second turn as the cloud got them. */
interface Pairing {
  calls: string[];
  results: string[];
}
type Messages = Array<{ role: string; content: unknown; tool_calls?: Array<{ id: string }>; tool_call_id?: string }>;
const blocks = (body: Body, key: 'messages' | 'contents') => ((body[key] ?? []) as Array<{ content?: unknown; parts?: unknown }>).flatMap((message) => (Array.isArray(message.content) ? message.content : Array.isArray(message.parts) ? message.parts : []) as Body[]);
const anthropicPairing = (body: Body): Pairing => ({
  calls: blocks(body, 'messages').filter((block) => block.type === 'tool_use').map((block) => block.id as string),
  results: blocks(body, 'messages').filter((block) => block.type === 'tool_result').map((block) => block.tool_use_id as string),
});
const conversePairing = (body: Body): Pairing => ({
  calls: blocks(body, 'messages').flatMap((block) => (block.toolUse ? [(block.toolUse as Body).toolUseId as string] : [])),
  results: blocks(body, 'messages').flatMap((block) => (block.toolResult ? [(block.toolResult as Body).toolUseId as string] : [])),
});
// Gemini's functionCall / functionResponse pair by name (and position), not by an id.
const geminiPairing = (body: Body): Pairing => ({
  calls: blocks(body, 'contents').flatMap((part) => (part.functionCall ? [(part.functionCall as Body).name as string] : [])),
  results: blocks(body, 'contents').flatMap((part) => (part.functionResponse ? [(part.functionResponse as Body).name as string] : [])),
});
const chatPairing = (body: Body): Pairing => ({
  calls: (body.messages as Messages).flatMap((message) => (message.tool_calls ?? []).map((call) => call.id)),
  results: (body.messages as Messages).flatMap((message) => (message.role === 'tool' ? [message.tool_call_id!] : [])),
});

interface Lane {
  name: string;
  /** Lifeline route: the cloud target first, `backup` second. */
  model: string;
  sim: string;
  /** Upstream path of a plain and of a streamed call. */
  paths: [string, string];
  pairing: (body: Body) => Pairing;
  /** Gemini pairs by name: the client's call_id is Lifeline's, not on the wire. */
  pairsByName?: boolean;
  /** The error type of the cloud's 400, where the simulator needs one named. */
  invalidType?: string;
}

const vertexClaude = `${VERTEX_PROJECT}/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929`;
const vertexGemini = `${VERTEX_PROJECT}/global/publishers/google/models/gemini-3-flash-preview`;
const LANES: Lane[] = [
  { name: 'Bedrock Claude (InvokeModel)', model: 'bedrock-claude', sim: 'bclaude', paths: [`/model/${encodeURIComponent(SONNET_BEDROCK)}/invoke`, `/model/${encodeURIComponent(SONNET_BEDROCK)}/invoke-with-response-stream`], pairing: anthropicPairing, invalidType: 'ValidationException' },
  { name: 'Bedrock Nova (Converse)', model: 'bedrock-nova', sim: 'bnova', paths: [`/model/${encodeURIComponent(NOVA)}/converse`, `/model/${encodeURIComponent(NOVA)}/converse-stream`], pairing: conversePairing, invalidType: 'ValidationException' },
  { name: 'Vertex AI Claude', model: 'vertex-claude', sim: 'vclaude', paths: [`${vertexClaude}:rawPredict`, `${vertexClaude}:streamRawPredict`], pairing: anthropicPairing },
  { name: 'Vertex AI Gemini', model: 'vertex-gemini', sim: 'vgemini', paths: [`${vertexGemini}:generateContent`, `${vertexGemini}:streamGenerateContent`], pairing: geminiPairing, pairsByName: true },
  { name: 'Foundry Claude', model: 'foundry-claude', sim: 'foundry', paths: ['/anthropic/v1/messages', '/anthropic/v1/messages'], pairing: anthropicPairing },
  { name: 'Azure OpenAI (translated to Chat Completions)', model: 'azure-gpt', sim: 'azure', paths: ['/openai/v1/chat/completions', '/openai/v1/chat/completions'], pairing: chatPairing },
  { name: 'Gemini API', model: 'gemini-api', sim: 'gemini', paths: ['/v1beta/models/gemini-3-pro-preview:generateContent', '/v1beta/models/gemini-3-pro-preview:streamGenerateContent'], pairing: geminiPairing, pairsByName: true },
];

let stack: Stack;
beforeAll(async () => {
  const aws = { format: 'bedrock' as const, aws: { region: 'us-east-1', credentials: [AWS_KEY] }, script: SCRIPT };
  const awsKeys = { access_key_id: AWS_KEY.accessKeyId, secret_access_key: AWS_KEY.secretAccessKey };
  const google = { serviceAccountKeys: { [account.email]: account.publicKeyPem }, projects: ['test-project'] };
  stack = await startStack({
    providers: [
      { name: 'bclaude', simulator: aws, extra: awsKeys },
      { name: 'bnova', simulator: aws, extra: awsKeys },
      { name: 'vclaude', type: 'vertex', simulator: { format: 'vertex', script: SCRIPT, google }, extra: (sim) => ({ project: 'test-project', region: 'us-east5', credentials_file: account.writeKeyFile(`${sim.url}/token`) }) },
      { name: 'vgemini', type: 'vertex', simulator: { format: 'vertex', script: SCRIPT, google }, extra: (sim) => ({ project: 'test-project', region: 'global', credentials_file: account.writeKeyFile(`${sim.url}/token`) }) },
      { name: 'foundry', azure: { service: 'foundry' }, simulator: { format: 'anthropic', keys: [FOUNDRY_KEY], script: SCRIPT }, keys: [FOUNDRY_KEY] },
      { name: 'azure', azure: { service: 'azure-openai', deployments: ['gpt-4o-prod'] }, simulator: { format: 'openai', keys: [AZURE_KEY], script: SCRIPT }, keys: [AZURE_KEY] },
      { name: 'gemini', type: 'gemini', simulator: { format: 'gemini', script: SCRIPT, keys: [GEMINI_KEY] }, keys: [GEMINI_KEY] },
      { name: 'backup', simulator: { format: 'anthropic', script: [{ reply: { text: BACKUP } }] } },
    ],
    routes: {
      'bedrock-claude': ['bclaude/claude-sonnet-4-5', 'backup/claude-sonnet-4-5'],
      'bedrock-nova': [`bnova/${NOVA}`, 'backup/claude-sonnet-4-5'],
      'vertex-claude': ['vclaude/claude-sonnet-4-5', 'backup/claude-sonnet-4-5'],
      'vertex-gemini': ['vgemini/gemini-3-flash-preview', 'backup/claude-sonnet-4-5'],
      'foundry-claude': ['foundry/claude-sonnet-4-5', 'backup/claude-sonnet-4-5'],
      'azure-gpt': ['azure/gpt-4o-prod', 'backup/claude-sonnet-4-5'],
      'gemini-api': ['gemini/gemini-3-pro-preview', 'backup/claude-sonnet-4-5'],
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

const openai = () => new OpenAI({ baseURL: stack.openaiBaseUrl, apiKey: 'sk-client-responses', maxRetries: 0, timeout: 10_000 });
/** Model calls a simulator received (sign-in and token requests left out). */
const calls = (name: string): RecordedRequest[] => stack.sims[name]!.control.requests().filter((request) => !request.path.endsWith('/token'));
const TOOLS: OpenAI.Responses.FunctionTool[] = [
  { type: 'function', name: 'get_weather', description: 'Weather for a city', strict: false, parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
];

describe.each(LANES)('OpenAI Responses client → Lifeline → $name', (lane) => {
  it('answers responses.create and responses.stream', async () => {
    const response = await openai().responses.create({ model: lane.model, instructions: 'Be brief.', input: 'hello' });
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe(ANSWER);
    expect(response.usage?.input_tokens).toBeGreaterThan(0);
    const streamed = await openai().responses.stream({ model: lane.model, input: 'hello' }).finalResponse();
    expect(streamed.status).toBe('completed');
    expect(streamed.output_text).toBe(ANSWER);
    expect(calls(lane.sim).map((call) => call.path)).toEqual(lane.paths);
    expect(calls('backup')).toEqual([]);
  });

  it.each([false, true])('runs a two-turn function tool loop (stream %s), the call ids paired at the cloud', async (stream) => {
    const ask = async (input: OpenAI.Responses.ResponseInputItem[]) => {
      const params = { model: lane.model, tools: TOOLS, input };
      return stream ? openai().responses.stream(params).finalResponse() : openai().responses.create(params);
    };
    const question: OpenAI.Responses.ResponseInputItem = { role: 'user', content: 'What is the weather in Paris?' };
    const first = await ask([question]);
    const call = first.output.find((item) => item.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall | undefined;
    expect(call).toMatchObject({ name: 'get_weather', status: 'completed' });
    expect(JSON.parse(call!.arguments)).toEqual({ city: 'Paris' });
    const second = await ask([question, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { type: 'function_call_output', call_id: call!.call_id, output: 'sunny, 24C' }]);
    expect(second.output_text).toBe(FINAL);

    const turns = calls(lane.sim);
    expect(turns).toHaveLength(2);
    const pairing = lane.pairing(turns[1]!.body as Body);
    const expected = lane.pairsByName ? 'get_weather' : call!.call_id;
    expect(pairing).toEqual({ calls: [expected], results: [expected] });
    expect(calls('backup')).toEqual([]);
  });

  it('answers a 400 invalid request in the Responses error shape, with no failover', async () => {
    stack.sims[lane.sim]!.control.addFault({ kind: 'status', status: 400, message: 'Invalid request: the field "frobnicate" is not known.', persistent: true, ...(lane.invalidType ? { errorType: lane.invalidType } : {}) });
    const error = await openai().responses.create({ model: lane.model, input: 'hello' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const body = (error as InstanceType<typeof OpenAI.BadRequestError>).error as { message?: string; type?: string };
    expect(body.type).toBe('invalid_request_error');
    expect(body.message).toContain('frobnicate');
    expect(calls('backup')).toEqual([]);
  });

  // Last in the lane: a throttled credential cools down.
  it('fails over on a 429 to the second target, which answers', async () => {
    stack.sims[lane.sim]!.control.addFault({ kind: 'status', status: 429, persistent: true });
    const { data, response } = await openai().responses.create({ model: lane.model, input: 'hello' }).withResponse();
    expect(data.output_text).toBe(BACKUP);
    expect(response.headers.get('x-lifeline-failovers')).toMatch(/=rate_limited$/);
    expect(calls('backup')).toHaveLength(1);
  });
});
