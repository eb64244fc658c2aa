import AnthropicBedrock from '@anthropic-ai/bedrock-sdk';
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, CountTokensCommand, InvokeModelCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../start-simulator.js';
import type { SimulatorHandle } from '../types.js';

const KEY = { accessKeyId: 'AKIASIMULATORTEST001', secretAccessKey: 'simulator-secret-access-key-0000000000001' };
const MODEL = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
let simulator: SimulatorHandle | undefined;

afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

async function start(options: Partial<Parameters<typeof startSimulator>[0]> = {}): Promise<SimulatorHandle> {
  simulator = await startSimulator({ format: 'bedrock', aws: { region: 'us-east-1', credentials: [KEY] }, script: [{ reply: { text: 'Hello from Bedrock.' } }], ...options });
  return simulator;
}

function anthropicClient(url: string, key = KEY): AnthropicBedrock {
  return new AnthropicBedrock({ baseURL: url, awsRegion: 'us-east-1', awsAccessKey: key.accessKeyId, awsSecretKey: key.secretAccessKey, maxRetries: 0 });
}

function awsClient(url: string, key: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = KEY): BedrockRuntimeClient {
  // HTTP/1.1: the simulator is a node:http server (the SDK's default handler speaks HTTP/2 to AWS).
  return new BedrockRuntimeClient({ endpoint: url, region: 'us-east-1', credentials: key, maxAttempts: 1, requestHandler: new NodeHttpHandler() });
}

describe('Bedrock simulator', () => {
  it('answers the Anthropic Bedrock SDK, plain and streamed, as InvokeModel does', async () => {
    const sim = await start();
    const client = anthropicClient(sim.url);
    const message = await client.messages.create({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.content).toEqual([{ type: 'text', text: 'Hello from Bedrock.' }]);
    const stream = client.messages.stream({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    expect(await stream.finalText()).toBe('Hello from Bedrock.');
    const [plain, streamed] = sim.control.requests();
    // This SDK leaves `:` as it is in the path (the AWS SDK sends `%3A`); both signatures verify.
    expect(decodeURIComponent(plain!.path)).toBe(`/model/${MODEL}/invoke`);
    expect(decodeURIComponent(streamed!.path)).toBe(`/model/${MODEL}/invoke-with-response-stream`);
    expect(streamed?.body).toMatchObject({ anthropic_version: expect.any(String) });
    expect(streamed?.body).not.toHaveProperty('model');
  });

  it('answers the AWS SDK with real event-stream frames', async () => {
    const sim = await start();
    const client = awsClient(sim.url);
    const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    const plain = await client.send(new InvokeModelCommand({ modelId: MODEL, body, contentType: 'application/json' }));
    expect(JSON.parse(new TextDecoder().decode(plain.body))).toMatchObject({ type: 'message', content: [{ type: 'text', text: 'Hello from Bedrock.' }] });
    const streamed = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: MODEL, body, contentType: 'application/json' }));
    const types: string[] = [];
    let text = '';
    for await (const event of streamed.body!) {
      const data = JSON.parse(new TextDecoder().decode(event.chunk!.bytes)) as { type: string; delta?: { text?: string } };
      types.push(data.type);
      text += data.delta?.text ?? '';
    }
    expect(text).toBe('Hello from Bedrock.');
    expect(types.at(0)).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    client.destroy();
  });

  it('refuses an unknown key, a wrong secret and an expired session as Bedrock does', async () => {
    const sim = await start();
    const unknown = awsClient(sim.url, { accessKeyId: 'AKIANOTKNOWN00000000', secretAccessKey: KEY.secretAccessKey });
    const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
    await expect(unknown.send(new InvokeModelCommand({ modelId: MODEL, body }))).rejects.toMatchObject({ name: 'UnrecognizedClientException', $metadata: { httpStatusCode: 403 } });
    const wrong = awsClient(sim.url, { accessKeyId: KEY.accessKeyId, secretAccessKey: 'not-the-secret-access-key-000000000000000' });
    await expect(wrong.send(new InvokeModelCommand({ modelId: MODEL, body }))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    // Over the HTTP control, as a simulator in another process is driven.
    const control = await fetch(`${sim.url}/_sim/aws-credentials`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ ...KEY, sessionToken: 'session-token-0001', expired: true }]) });
    expect(control.status).toBe(200);
    const session = awsClient(sim.url, { ...KEY, sessionToken: 'session-token-0001' });
    await expect(session.send(new InvokeModelCommand({ modelId: MODEL, body }))).rejects.toMatchObject({ name: 'ExpiredTokenException' });
  });

  it('refuses betas Bedrock does not know, and extraneous keys', async () => {
    const sim = await start();
    const client = anthropicClient(sim.url);
    await expect(
      client.beta.messages.create({ model: MODEL, max_tokens: 8, betas: ['files-api-2025-04-14'], messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('invalid beta flag') });
    const aws = awsClient(sim.url);
    const withModel = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', model: 'x', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
    await expect(aws.send(new InvokeModelCommand({ modelId: MODEL, body: withModel }))).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('extraneous key [model]') });
  });

  it('injects Bedrock exceptions before and inside the stream', async () => {
    const sim = await start();
    const client = awsClient(sim.url);
    const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    sim.control.addFault({ kind: 'status', status: 429 });
    await expect(client.send(new InvokeModelCommand({ modelId: MODEL, body }))).rejects.toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } });
    sim.control.addFault({ kind: 'error-event', afterEvents: 3, errorType: 'ThrottlingException', message: 'Too many tokens, please wait before trying again.' });
    const streamed = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: MODEL, body }));
    const read = async () => {
      for await (const event of streamed.body!) void event;
    };
    await expect(read()).rejects.toMatchObject({ name: 'ThrottlingException', message: 'Too many tokens, please wait before trying again.' });
    client.destroy();
  });
});

describe('Bedrock simulator: Converse', () => {
  const NOVA = 'amazon.nova-pro-v1:0';
  const tools = { tools: [{ toolSpec: { name: 'read_file', description: 'Reads a file', inputSchema: { json: { type: 'object', properties: { path: { type: 'string' } } } } } }] };

  it('answers ConverseCommand and ConverseStreamCommand as the AWS SDK reads them', async () => {
    const sim = await start({ script: [{ match: { lastUserText: 'use the tool' }, reply: { text: 'Reading.', toolCalls: [{ id: 'tooluse_simulated0000000001', name: 'read_file', input: { path: 'a.txt' } }] } }, { reply: { text: 'Hello from Nova.' } }] });
    const client = awsClient(sim.url);
    const plain = await client.send(new ConverseCommand({ modelId: NOVA, system: [{ text: 'Be brief.' }], messages: [{ role: 'user', content: [{ text: 'hi' }] }], inferenceConfig: { maxTokens: 64, temperature: 0.5 } }));
    expect(plain.output?.message?.content).toEqual([{ text: 'Hello from Nova.' }]);
    expect(plain.stopReason).toBe('end_turn');
    expect(plain.usage).toMatchObject({ inputTokens: expect.any(Number), outputTokens: expect.any(Number) });
    const streamed = await client.send(new ConverseStreamCommand({ modelId: `us.${NOVA}`, toolConfig: tools, messages: [{ role: 'user', content: [{ text: 'use the tool' }] }] }));
    const seen: string[] = [];
    let text = '';
    let input = '';
    let stopReason: string | undefined;
    for await (const event of streamed.stream!) {
      seen.push(Object.keys(event).find((key) => (event as unknown as Record<string, unknown>)[key] !== undefined)!);
      text += event.contentBlockDelta?.delta?.text ?? '';
      input += event.contentBlockDelta?.delta?.toolUse?.input ?? '';
      if (event.contentBlockStart) expect(event.contentBlockStart.start?.toolUse).toEqual({ toolUseId: 'tooluse_simulated0000000001', name: 'read_file' });
      stopReason = event.messageStop?.stopReason ?? stopReason;
    }
    expect(text).toBe('Reading.');
    expect(JSON.parse(input)).toEqual({ path: 'a.txt' });
    expect(stopReason).toBe('tool_use');
    expect(seen[0]).toBe('messageStart');
    expect(seen.at(-2)).toBe('messageStop');
    expect(seen.at(-1)).toBe('metadata');
    const [sentPlain, sentStream] = sim.control.requests();
    expect(sentPlain?.path).toBe(`/model/${encodeURIComponent(NOVA)}/converse`);
    expect(sentStream?.path).toBe(`/model/${encodeURIComponent(`us.${NOVA}`)}/converse-stream`);
    client.destroy();
  });

  it('takes a tool loop with toolResult, and refuses what Converse refuses', async () => {
    const sim = await start({ script: [{ match: { lastMessageIsToolResult: true }, reply: { text: 'It has 3 lines.' } }, { reply: { text: 'x' } }] });
    const client = awsClient(sim.url);
    const loop = await client.send(
      new ConverseCommand({
        modelId: NOVA,
        toolConfig: tools,
        messages: [
          { role: 'user', content: [{ text: 'count' }] },
          { role: 'assistant', content: [{ toolUse: { toolUseId: 'tooluse_1', name: 'read_file', input: { path: 'a.txt' } } }] },
          { role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_1', content: [{ text: 'a\nb\nc' }], status: 'success' } }] },
        ],
      }),
    );
    expect(loop.output?.message?.content).toEqual([{ text: 'It has 3 lines.' }]);
    await expect(
      client.send(new ConverseCommand({ modelId: NOVA, messages: [{ role: 'user', content: [{ text: 'a' }] }, { role: 'user', content: [{ text: 'b' }] }] })),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('alternate') });
    await expect(
      client.send(new ConverseCommand({ modelId: NOVA, messages: [{ role: 'user', content: [{ text: 'a' }] }, { role: 'assistant', content: [{ toolUse: { toolUseId: 't', name: 'read_file', input: {} } }] }, { role: 'user', content: [{ text: 'b' }] }], toolConfig: tools })),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('toolResult') });
    await expect(client.send(new ConverseCommand({ modelId: 'amazon.made-up', messages: [{ role: 'user', content: [{ text: 'a' }] }] }))).resolves.toBeDefined();
    await expect(client.send(new ConverseCommand({ modelId: 'nobody.made-up', messages: [{ role: 'user', content: [{ text: 'a' }] }] }))).rejects.toMatchObject({ name: 'ValidationException' });
    client.destroy();
  });

  it('injects exceptions inside ConverseStream, as the SDK throws them', async () => {
    const sim = await start();
    const client = awsClient(sim.url);
    sim.control.addFault({ kind: 'error-event', afterEvents: 2, errorType: 'ModelStreamErrorException' });
    const streamed = await client.send(new ConverseStreamCommand({ modelId: NOVA, messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
    const read = async () => {
      for await (const event of streamed.stream!) void event;
    };
    await expect(read()).rejects.toMatchObject({ name: 'ModelStreamErrorException' });
    client.destroy();
  });

  it('counts tokens for an InvokeModel body and a Converse body', async () => {
    const sim = await start();
    const client = awsClient(sim.url);
    const body = new TextEncoder().encode(JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 8, messages: [{ role: 'user', content: 'count these words please' }] }));
    const invoke = await client.send(new CountTokensCommand({ modelId: MODEL, input: { invokeModel: { body } } }));
    expect(invoke.inputTokens).toBeGreaterThan(0);
    const converse = await client.send(new CountTokensCommand({ modelId: MODEL, input: { converse: { messages: [{ role: 'user', content: [{ text: 'count these words please' }] }] } } }));
    expect(converse.inputTokens).toBe(invoke.inputTokens);
    client.destroy();
  });

  it('accepts a Bedrock API key it knows and refuses another as Bedrock does', async () => {
    const sim = await start({ aws: { region: 'us-east-1', credentials: [KEY], apiKeys: ['ABSKbedrock-api-key-known-0001'] } });
    const client = (token: string) => new BedrockRuntimeClient({ endpoint: sim.url, region: 'us-east-1', token: { token }, authSchemePreference: ['httpBearerAuth'], maxAttempts: 1, requestHandler: new NodeHttpHandler() });
    const known = client('ABSKbedrock-api-key-known-0001');
    const answer = await known.send(new ConverseCommand({ modelId: NOVA, messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
    expect(answer.stopReason).toBe('end_turn');
    expect(sim.control.requests()[0]?.headers.authorization).toBe('Bearer ABSKbedrock-api-key-known-0001');
    const wrong = client('ABSKbedrock-api-key-wrong-0002');
    await expect(wrong.send(new ConverseCommand({ modelId: NOVA, messages: [{ role: 'user', content: [{ text: 'hi' }] }] }))).rejects.toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 }, message: expect.stringContaining('API Key is valid') });
    known.destroy();
    wrong.destroy();
  });
});
