import { afterEach, describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical/index.js';
import { startSimulator } from '../../simulators/index.js';
import type { AwsTestCredential, SimulatorHandle, StartSimulatorOptions } from '../../simulators/index.js';
import { collectParts } from '../../../test/support/stream-parts.js';
import { upstreamFailureOf as failureOf } from '../../../test/support/upstream-failure.js';
import type { ProviderAdapter } from '../provider-adapter.js';
import { createBedrockAdapter, type BedrockAdapterConfig } from './bedrock-adapter.js';

const KEY: AwsTestCredential = { accessKeyId: 'AKIACONVERSEADAPTER1', secretAccessKey: 'converse-adapter-test-secret-key-0000001' };
const NOVA = 'amazon.nova-pro-v1:0';
const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const TOOLS: CanonicalRequest['tools'] = [{ type: 'function', name: 'read_file', description: 'Reads a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } }];
const REQUEST: CanonicalRequest = { model: 'nova', messages: [{ role: 'system', content: [{ type: 'text', text: 'Be brief.' }] }, { role: 'user', content: [{ type: 'text', text: 'hi' }] }], maxOutputTokens: 128, stream: false };
const signal = new AbortController().signal;

let simulator: SimulatorHandle | undefined;
const adapters: ProviderAdapter[] = [];
afterEach(async () => {
  await Promise.all(adapters.splice(0).map((adapter) => adapter.close()));
  await simulator?.close();
  simulator = undefined;
});

async function start(options: Partial<StartSimulatorOptions> = {}): Promise<SimulatorHandle> {
  simulator = await startSimulator({
    format: 'bedrock',
    aws: { region: 'us-east-1', credentials: [KEY] },
    script: [
      { match: { lastMessageIsToolResult: true }, reply: { text: 'It has 3 lines.' } },
      { match: { lastUserText: 'count' }, reply: { thinking: 'I should read it.', text: 'Reading.', toolCalls: [{ id: 'tooluse_read0000000000001', name: 'read_file', input: { path: 'a.txt' } }] } },
      { reply: { text: 'Nova says hi.' } },
    ],
    ...options,
  });
  return simulator;
}

function adapter(sim: SimulatorHandle, config: Partial<BedrockAdapterConfig> = {}): ProviderAdapter {
  const created = createBedrockAdapter({ id: 'bedrock', baseUrl: sim.url, aws: { region: 'us-east-1', accessKeyId: KEY.accessKeyId, secretAccessKey: KEY.secretAccessKey }, ...config });
  adapters.push(created);
  return created;
}

const textOf = (parts: Awaited<ReturnType<typeof collectParts>>) => parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');

describe('the Bedrock adapter on Converse', () => {
  it('sends a model without a Messages API to Converse, and reads the answer', async () => {
    const sim = await start();
    const result = await adapter(sim).doGenerate(REQUEST, { model: NOVA, signal });
    expect(result.response).toMatchObject({ content: [{ type: 'text', text: 'Nova says hi.' }], finishReason: { unified: 'stop', raw: 'end_turn' }, modelId: NOVA });
    expect(result.response.usage.inputTokens.total).toBeGreaterThan(0);
    const [sent] = sim.control.requests();
    expect(sent?.path).toBe(`/model/${encodeURIComponent(NOVA)}/converse`);
    expect(sent?.body).toEqual({ system: [{ text: 'Be brief.' }], messages: [{ role: 'user', content: [{ text: 'hi' }] }], inferenceConfig: { maxTokens: 128 } });
  });

  it('streams a tool call and runs the loop to its answer', async () => {
    const sim = await start();
    const bedrock = adapter(sim);
    const first = await collectParts((await bedrock.doStream({ ...REQUEST, stream: true, tools: TOOLS, messages: [{ role: 'user', content: [{ type: 'text', text: 'count' }] }] }, { model: NOVA, signal })).stream);
    expect(textOf(first)).toBe('Reading.');
    // Nova's reasoning is unsigned: it reaches the client as reasoning without a signature.
    expect(first.find((part) => part.type === 'reasoning-end')).toEqual({ type: 'reasoning-end', id: 'reasoning-0' });
    const call = first.find((part) => part.type === 'tool-call');
    expect(call).toEqual({ type: 'tool-call', toolCallId: 'tooluse_read0000000000001', toolName: 'read_file', input: '{"path":"a.txt"}' });
    expect(first.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_use' } });
    expect(sim.control.requests()[0]?.path).toBe(`/model/${encodeURIComponent(NOVA)}/converse-stream`);

    const history: CanonicalRequest['messages'] = [
      { role: 'user', content: [{ type: 'text', text: 'count' }] },
      { role: 'assistant', content: [{ type: 'reasoning', text: 'I should read it.' }, { type: 'text', text: 'Reading.' }, { type: 'tool-call', toolCallId: 'tooluse_read0000000000001', toolName: 'read_file', input: { path: 'a.txt' } }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'tooluse_read0000000000001', output: [{ type: 'text', text: 'a\nb\nc' }] }] },
    ];
    const second = await bedrock.doGenerate({ ...REQUEST, tools: TOOLS, messages: history }, { model: NOVA, signal });
    expect(second.response.content).toEqual([{ type: 'text', text: 'It has 3 lines.' }]);
    const sent = sim.control.requests()[1]?.body as { messages: unknown[]; toolConfig: unknown };
    expect(sent.messages).toEqual([
      { role: 'user', content: [{ text: 'count' }] },
      // Unsigned reasoning is not sent back: no model but its maker could use it.
      { role: 'assistant', content: [{ text: 'Reading.' }, { toolUse: { toolUseId: 'tooluse_read0000000000001', name: 'read_file', input: { path: 'a.txt' } } }] },
      { role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_read0000000000001', content: [{ text: 'a\nb\nc' }] } }] },
    ]);
    expect(sent.toolConfig).toEqual({ tools: [{ toolSpec: { name: 'read_file', description: 'Reads a file', inputSchema: { json: TOOLS[0]!.type === 'function' ? TOOLS[0]!.inputSchema : {} } } }] });
  });

  it('keeps Claude thinking signed when a Claude model is sent to Converse', async () => {
    const sim = await start();
    const bedrock = adapter(sim, { api: 'converse' });
    const parts = await collectParts((await bedrock.doStream({ ...REQUEST, stream: true, tools: TOOLS, messages: [{ role: 'user', content: [{ type: 'text', text: 'count' }] }] }, { model: SONNET, signal })).stream);
    const end = parts.find((part) => part.type === 'reasoning-end');
    expect(end?.type === 'reasoning-end' && end.signature).toMatch(/^Eq/);
    expect(sim.control.requests()[0]?.path).toBe(`/model/${encodeURIComponent(SONNET)}/converse-stream`);
  });

  it('classifies Converse errors: throttling, validation, access denied, and an exception mid-stream', async () => {
    const sim = await start();
    const bedrock = adapter(sim);
    sim.control.addFault({ kind: 'status', status: 429 });
    expect(await failureOf(bedrock.doGenerate(REQUEST, { model: NOVA, signal }))).toMatchObject({ failureClass: 'rate_limited', status: 429, providerErrorType: 'ThrottlingException' });
    sim.control.addFault({ kind: 'status', status: 400, errorType: 'ValidationException', message: 'The model returned the following errors: malformed request' });
    expect(await failureOf(bedrock.doGenerate(REQUEST, { model: NOVA, signal }))).toMatchObject({ failureClass: 'invalid_request', status: 400 });
    sim.control.addFault({ kind: 'status', status: 403, errorType: 'AccessDeniedException', message: 'User is not authorized to perform: bedrock:InvokeModel' });
    expect(await failureOf(bedrock.doGenerate(REQUEST, { model: NOVA, signal }))).toMatchObject({ failureClass: 'auth', status: 403 });
    sim.control.addFault({ kind: 'error-event', afterEvents: 3, errorType: 'ModelStreamErrorException' });
    const last = (await collectParts((await bedrock.doStream({ ...REQUEST, stream: true }, { model: NOVA, signal })).stream)).at(-1);
    expect(last?.type === 'error' && last.error).toMatchObject({ failureClass: 'server', midStream: true, providerErrorType: 'ModelStreamErrorException' });
  });

  it('reads a guardrail stop as a finished answer, not a failure', async () => {
    const sim = await start({ script: [{ reply: { text: 'never shown', stopReason: 'guardrail_intervened' } }] });
    const result = await adapter(sim).doGenerate(REQUEST, { model: NOVA, signal });
    expect(result.response.finishReason).toEqual({ unified: 'content-filter', raw: 'guardrail_intervened' });
  });

  it('counts tokens of a Claude model on Converse with the Converse body, and names the models CountTokens serves', async () => {
    const sim = await start();
    const bedrock = adapter(sim, { api: 'converse' });
    const counted = await bedrock.doCountTokens!({ ...REQUEST, tools: TOOLS }, { model: SONNET, signal });
    expect(counted.inputTokens).toBeGreaterThan(0);
    const [sent] = sim.control.requests();
    expect(sent?.path).toBe(`/model/${encodeURIComponent(SONNET)}/count-tokens`);
    expect(sent?.body).toEqual({ input: { converse: { system: [{ text: 'Be brief.' }], messages: [{ role: 'user', content: [{ text: 'hi' }] }], toolConfig: { tools: [expect.objectContaining({ toolSpec: expect.objectContaining({ name: 'read_file' }) })] } } } });
    expect([SONNET, `us.${SONNET}`, 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc', NOVA].map((model) => bedrock.countsTokensFor!(model))).toEqual([true, true, true, false]);
  });

  it('continues a cut answer with an instruction', async () => {
    const sim = await start();
    const result = await adapter(sim).doStream({ ...REQUEST, stream: true }, { model: NOVA, signal, continuation: { assistantText: 'Nova says' } });
    expect(result.continuation).toBe('instruction');
    await collectParts(result.stream);
    const sent = sim.control.requests()[0]?.body as { messages: Array<{ role: string }> };
    expect(sent.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
  });
});
