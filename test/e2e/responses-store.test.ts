import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ScriptRule } from '../../src/simulators/index.js';
import { StoreUnavailableError } from '../../src/errors/index.js';
import { dropSchemas, freshSchemaName, postgresSkipReason, TEST_POSTGRES_URL } from '../../src/store/postgres/postgres-test-schema.js';
import { startStack, type Stack } from '../support/start-stack.js';

// Lifeline's response store through the official `openai` SDK: previous_response_id (a tool loop
// across turns, a streamed follow-up), retrieve, delete and inputItems.list, on every kind of
// target; a follow-up answered by another provider after a failover; store:false; expiry on an
// injected clock; another client key; and a fleet of two on one PostgreSQL schema.

const ANSWER = 'The capital of France is Paris, which sits on the Seine.';
const SCRIPT: ScriptRule[] = [
  { match: { toolResultContains: 'sunny in Paris' }, reply: { text: 'It is sunny in Paris and 21 degrees.' } },
  { match: { lastUserText: 'as json' }, reply: { text: '{"city":"Paris"}' } },
  { match: { lastUserText: 'capital of France' }, reply: { text: ANSWER } },
  { match: { lastUserText: 'weather' }, reply: { toolCalls: [{ name: 'get_weather', input: { city: 'Paris' } }] } },
];
const TOOLS: OpenAI.Responses.Tool[] = [
  { type: 'function', name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: false },
];

const sdk = (stack: Stack, apiKey = 'sk-client-0001') => new OpenAI({ baseURL: stack.openaiBaseUrl, apiKey, maxRetries: 0, timeout: 10_000 });

/** The status and error body a call failed with. */
async function failure(call: () => Promise<unknown>): Promise<{ status: number; error: any }> {
  try {
    await call();
  } catch (error) {
    const apiError = error as { status?: number; error?: unknown };
    return { status: apiError.status ?? 0, error: apiError.error };
  }
  throw new Error('the call succeeded');
}

function functionCallOf(response: OpenAI.Responses.Response): OpenAI.Responses.ResponseFunctionToolCall {
  const call = response.output.find((item) => item.type === 'function_call');
  if (call?.type !== 'function_call') throw new Error(`no function call in ${JSON.stringify(response.output)}`);
  return call;
}

let stack: Stack | undefined;
let clockMs = Date.now();
beforeAll(async () => {
  stack = await startStack({
    providers: [
      { name: 'osim', simulator: { format: 'openai', script: SCRIPT } },
      { name: 'ochat', type: 'openai', simulator: { format: 'openai', script: SCRIPT }, extra: { quirks: { responsesApi: false } } },
      { name: 'asim', simulator: { format: 'anthropic', script: SCRIPT } },
      { name: 'ofail', simulator: { format: 'openai', script: SCRIPT } },
    ],
    routes: {
      'gpt-pass': ['osim/gpt-5-mini'],
      'gpt-chat': ['ochat/gpt-5-mini'],
      'gpt-via-anthropic': ['asim/claude-sonnet-4-5'],
      'gpt-failover': ['ofail/gpt-5-mini', 'asim/claude-sonnet-4-5'],
    },
    config: { responses: { store_ttl: '1h' } },
    clock: { now: () => clockMs },
  });
});
afterAll(async () => stack?.close());
beforeEach(() => {
  for (const sim of Object.values(stack!.sims)) sim.control.clearRequests();
});

const LANES = [
  { name: 'passed through to the OpenAI simulator (Responses API out)', requested: 'gpt-pass', provider: 'osim' },
  { name: 'translated to Chat Completions (OpenAI simulator without the Responses API)', requested: 'gpt-chat', provider: 'ochat' },
  { name: 'translated to the Anthropic simulator (Messages out)', requested: 'gpt-via-anthropic', provider: 'asim' },
] as const;

describe.each(LANES)('stored responses, $name', (lane) => {
  const client = () => sdk(stack!);
  const sim = () => stack!.sims[lane.provider]!;

  it('a tool loop across turns with previous_response_id: the provider gets the whole conversation, call ids paired', async () => {
    const first = await client().responses.create({ model: lane.requested, instructions: 'Use the tools.', input: 'What is the weather in Paris?', tools: TOOLS });
    const call = functionCallOf(first);
    const second = await client().responses.create({
      model: lane.requested,
      previous_response_id: first.id,
      tools: TOOLS,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: 'sunny in Paris, 21C' }],
    });
    expect(second.output_text).toBe('It is sunny in Paris and 21 degrees.');
    expect(second.previous_response_id).toBe(first.id);
    // The API does not carry instructions over to the next turn.
    expect(second.instructions).toBeNull();
    const body = sim().control.requests().at(-1)?.body as Record<string, unknown>;
    const text = JSON.stringify(body);
    expect(text).toContain('What is the weather in Paris?');
    expect(text).toContain('sunny in Paris, 21C');
    expect(text).not.toContain('Use the tools.');
    expect(text.split(call.call_id).length - 1).toBeGreaterThanOrEqual(2);
    if (lane.provider === 'osim') {
      // Same format, but the id is Lifeline's to expand: OpenAI gets the items, not the id.
      expect(body).not.toHaveProperty('previous_response_id');
      expect((body.input as unknown[]).map((item) => (item as { type?: string }).type)).toEqual(['message', 'function_call', 'function_call_output']);
    }
  });

  it('responses.stream follows up on a kept response, and the streamed answer is kept in turn', async () => {
    const first = await client().responses.create({ model: lane.requested, input: 'What is the capital of France?' });
    const stream = client().responses.stream({ model: lane.requested, previous_response_id: first.id, input: 'Now as json please' });
    const streamed = await stream.finalResponse();
    expect(streamed.output_text).toBe('{"city":"Paris"}');
    const text = JSON.stringify(sim().control.requests().at(-1)?.body);
    expect(text).toContain('What is the capital of France?');
    expect(text).toContain(ANSWER);
    const again = await client().responses.retrieve(streamed.id);
    expect(again.id).toBe(streamed.id);
    expect(again.output_text).toBe('{"city":"Paris"}');
    expect(again.previous_response_id).toBe(first.id);
  });

  it('retrieve, inputItems.list and delete: the stored object, its input items, then 404', async () => {
    const first = await client().responses.create({ model: lane.requested, input: 'What is the capital of France?', metadata: { run: lane.provider } });
    const second = await client().responses.create({ model: lane.requested, previous_response_id: first.id, input: 'Now as json please' });
    const retrieved = await client().responses.retrieve(second.id);
    expect(retrieved).toEqual(JSON.parse(JSON.stringify(second)));

    const page = await client().responses.inputItems.list(second.id, { order: 'asc' });
    const items = page.data;
    expect(items.map((item) => item.type)).toEqual(['message', 'message', 'message']);
    expect(items.map((item) => item.type === 'message' && item.role)).toEqual(['user', 'assistant', 'user']);
    expect(JSON.stringify(items[0])).toContain('What is the capital of France?');
    expect(JSON.stringify(items[1])).toContain(ANSWER);
    expect(new Set(items.map((item) => item.id)).size).toBe(3);
    // Default order is newest first; pages follow `after` with the SDK's own paging.
    const newestFirst: string[] = [];
    for await (const item of client().responses.inputItems.list(second.id, { limit: 1 })) newestFirst.push(item.id!);
    expect(newestFirst).toEqual(items.map((item) => item.id).reverse());

    const deleted = await client().responses.delete(second.id).asResponse();
    expect(await deleted.json()).toEqual({ id: second.id, object: 'response', deleted: true });
    const gone = await failure(() => client().responses.retrieve(second.id));
    expect(gone.status).toBe(404);
    expect(gone.error).toMatchObject({ type: 'invalid_request_error', message: `Response with id '${second.id}' not found.` });
    expect((await failure(() => client().responses.delete(second.id))).status).toBe(404);
    expect((await failure(() => client().responses.inputItems.list(second.id))).status).toBe(404);
    const previous = await failure(() => client().responses.create({ model: lane.requested, previous_response_id: second.id, input: 'more' }));
    expect(previous.status).toBe(404);
    expect(previous.error).toMatchObject({ code: 'previous_response_not_found', param: 'previous_response_id' });
  });
});

describe('stored responses across providers and settings', () => {
  const client = () => sdk(stack!);

  it('a follow-up after a failover: turn one passed through to OpenAI, turn two answered by Anthropic with the call paired', async () => {
    const ofail = stack!.sims.ofail!;
    const asim = stack!.sims.asim!;
    const first = await client().responses.create({ model: 'gpt-failover', input: 'What is the weather in Paris?', tools: TOOLS });
    expect(ofail.control.requests()).toHaveLength(1);
    const call = functionCallOf(first);
    await ofail.control.refuseConnections();
    try {
      const { data: second, response } = await client()
        .responses.create({ model: 'gpt-failover', previous_response_id: first.id, tools: TOOLS, input: [{ type: 'function_call_output', call_id: call.call_id, output: 'sunny in Paris, 21C' }] })
        .withResponse();
      expect(response.headers.get('x-lifeline-provider')).toBe('asim');
      expect(second.output_text).toBe('It is sunny in Paris and 21 degrees.');
      const messages = (asim.control.requests().at(-1)?.body as { messages: Array<{ role: string; content: unknown }> }).messages;
      const toolUse = JSON.stringify(messages).match(/"type":"tool_use","id":"([^"]+)"/)?.[1];
      expect(toolUse).toBeDefined();
      expect(JSON.stringify(messages)).toContain(`"tool_use_id":"${toolUse}"`);
      expect(JSON.stringify(messages[0])).toContain('What is the weather in Paris?');
    } finally {
      await ofail.control.acceptConnections();
    }
  });

  it('store: false keeps nothing', async () => {
    const response = await client().responses.create({ model: 'gpt-via-anthropic', input: 'What is the capital of France?', store: false });
    expect((response as unknown as { store: boolean }).store).toBe(false);
    expect((await failure(() => client().responses.retrieve(response.id))).status).toBe(404);
    expect((await failure(() => client().responses.create({ model: 'gpt-via-anthropic', previous_response_id: response.id, input: 'more' }))).status).toBe(404);
  });

  it('a kept response expires after responses.store_ttl (the clock moved, nothing slept)', async () => {
    const response = await client().responses.create({ model: 'gpt-via-anthropic', input: 'What is the capital of France?' });
    clockMs += 60 * 60 * 1000 - 1;
    expect((await client().responses.retrieve(response.id)).id).toBe(response.id);
    clockMs += 1;
    expect((await failure(() => client().responses.retrieve(response.id))).status).toBe(404);
    expect((await failure(() => client().responses.create({ model: 'gpt-via-anthropic', previous_response_id: response.id, input: 'more' }))).status).toBe(404);
  });

  it('a store that stops answering holds no answer back: streamed and not, the answer arrives and is not kept', async () => {
    const services = stack!.lifeline.services;
    const real = services.responses!;
    services.responses = { ...real, keep: () => new Promise(() => {}) };
    try {
      const created = await client().responses.create({ model: 'gpt-via-anthropic', input: 'What is the capital of France?' });
      expect(created.output_text).toBe(ANSWER);
      const streamed = await client().responses.stream({ model: 'gpt-via-anthropic', input: 'What is the capital of France?' }).finalResponse();
      expect(streamed.output_text).toBe(ANSWER);
      expect((await failure(() => client().responses.retrieve(streamed.id))).status).toBe(404);
    } finally {
      services.responses = real;
    }
  });

  it('while the store is out, a follow-up and a read get 503 in the Responses shape, not a crash', async () => {
    const services = stack!.lifeline.services;
    const real = services.responses!;
    const out = () => Promise.reject(new StoreUnavailableError('The store is unreachable (connection refused).'));
    services.responses = { keep: out, find: out, forget: out };
    try {
      const followUp = await failure(() => client().responses.create({ model: 'gpt-via-anthropic', previous_response_id: 'resp_any', input: 'more' }));
      expect(followUp.status).toBe(503);
      expect(followUp.error).toMatchObject({ message: expect.stringContaining('store') });
      expect((await failure(() => client().responses.retrieve('resp_any'))).status).toBe(503);
      // A new conversation needs nothing kept: it is answered.
      expect((await client().responses.create({ model: 'gpt-via-anthropic', input: 'What is the capital of France?' })).output_text).toBe(ANSWER);
    } finally {
      services.responses = real;
    }
  });

  it('is served under the unversioned /responses paths too, with errors in the Responses shape', async () => {
    const response = await client().responses.create({ model: 'gpt-via-anthropic', input: 'What is the capital of France?' });
    const base = stack!.lifeline.url;
    const read = await fetch(`${base}/responses/${response.id}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { id: string }).id).toBe(response.id);
    const items = await fetch(`${base}/responses/${response.id}/input_items?limit=0`);
    expect(items.status).toBe(400);
    expect(await items.json()).toMatchObject({ error: { type: 'invalid_request_error', param: 'limit' } });
    expect((await fetch(`${base}/v1/responses/${response.id}`, { method: 'PUT' })).status).toBe(405);
    const removed = await fetch(`${base}/responses/${response.id}`, { method: 'DELETE' });
    expect(await removed.json()).toEqual({ id: response.id, object: 'response', deleted: true });
  });
});

describe('stored responses belong to the client key that asked', () => {
  const ADMIN_TOKEN = 'admin-token-responses-store';
  let keyed: Stack | undefined;
  const keys: string[] = [];
  beforeAll(async () => {
    keyed = await startStack({
      providers: [{ name: 'asim', simulator: { format: 'anthropic', script: SCRIPT } }],
      routes: { 'gpt-*': ['asim/claude-sonnet-4-5'] },
      config: { admin: { token: ADMIN_TOKEN } },
    });
    for (const name of ['owner', 'stranger']) {
      const answer = await fetch(`${keyed.lifeline.url}/admin/keys`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
      keys.push(((await answer.json()) as { key: string }).key);
    }
  });
  afterAll(async () => keyed?.close());

  it('another key is told the response does not exist: retrieve, list, delete and previous_response_id', async () => {
    const [ownerKey, strangerKey] = keys as [string, string];
    const response = await sdk(keyed!, ownerKey).responses.create({ model: 'gpt-5', input: 'What is the capital of France?' });
    const stranger = sdk(keyed!, strangerKey);
    expect((await failure(() => stranger.responses.retrieve(response.id))).status).toBe(404);
    expect((await failure(() => stranger.responses.inputItems.list(response.id))).status).toBe(404);
    expect((await failure(() => stranger.responses.delete(response.id))).status).toBe(404);
    expect((await failure(() => stranger.responses.create({ model: 'gpt-5', previous_response_id: response.id, input: 'more' }))).status).toBe(404);
    expect((await failure(() => sdk(keyed!, 'no-key-at-all').responses.retrieve(response.id))).status).toBe(401);
    expect((await sdk(keyed!, ownerKey).responses.retrieve(response.id)).id).toBe(response.id);
  });
});

const skip = await postgresSkipReason();
describe.skipIf(skip !== undefined)(`stored responses in a fleet on PostgreSQL${skip ? ` (skipped: ${skip.reason})` : ''}`, () => {
  const schema = freshSchemaName('responses');
  const fleet: Stack[] = [];
  beforeAll(async () => {
    for (let index = 0; index < 2; index += 1) {
      fleet.push(
        await startStack({
          providers: [{ name: 'asim', simulator: { format: 'anthropic', script: SCRIPT } }],
          routes: { 'gpt-*': ['asim/claude-sonnet-4-5'] },
          config: { storage: { url: TEST_POSTGRES_URL, schema } },
        }),
      );
    }
  });
  afterAll(async () => {
    await Promise.all(fleet.map((member) => member.close()));
    await dropSchemas([schema]);
  });

  it('a response kept by one instance is read and continued by the other', async () => {
    const [first, second] = fleet as [Stack, Stack];
    const response = await sdk(first).responses.create({ model: 'gpt-5', input: 'What is the capital of France?' });
    expect((await sdk(second).responses.retrieve(response.id)).output_text).toBe(ANSWER);
    const followUp = await sdk(second).responses.create({ model: 'gpt-5', previous_response_id: response.id, input: 'Now as json please' });
    expect(followUp.output_text).toBe('{"city":"Paris"}');
    expect(JSON.stringify(second.sims.asim!.control.requests().at(-1)?.body)).toContain(ANSWER);
  });
});
