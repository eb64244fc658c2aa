import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical/index.js';
import { createOpenAICompatibleAdapter } from './openai-compatible-adapter.js';

const COMPLETION = JSON.stringify({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'qwen3:8b',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
});

const REQUEST: CanonicalRequest = {
  model: 'claude-sonnet-4-5',
  stream: false,
  maxOutputTokens: 64,
  topK: 20,
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'rules' }], providerOptions: { openai: { role: 'developer' } } },
    { role: 'user', content: [{ type: 'text', text: 'hello' }] },
  ],
};

let server: Server;
let baseUrl: string;
const received: Array<{ headers: IncomingHttpHeaders; body: Record<string, unknown> }> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(body) as Record<string, unknown> });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(COMPLETION);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('createOpenAICompatibleAdapter', () => {
  it('calls a keyless local server without Authorization, with compatible defaults', async () => {
    const adapter = createOpenAICompatibleAdapter({ id: 'local', baseUrl, preset: 'ollama' });
    expect(adapter.type).toBe('openai-compatible');
    const result = await adapter.doGenerate(REQUEST, { model: 'qwen3:8b', signal: new AbortController().signal });
    await adapter.close();
    const sent = received.at(-1)!;
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toEqual({ model: 'qwen3:8b', messages: [{ role: 'system', content: 'rules' }, { role: 'user', content: 'hello' }], max_tokens: 64 });
    expect(result.response.modelId).toBe('qwen3:8b');
  });

  it('applies preset quirks and lets explicit quirks override them', async () => {
    const vllm = createOpenAICompatibleAdapter({ id: 'vllm', baseUrl, preset: 'vllm', quirks: { maxTokensField: 'max_completion_tokens' } });
    await vllm.doGenerate(REQUEST, { model: 'm', credential: { label: 'k', secret: 'local-key' }, signal: new AbortController().signal });
    await vllm.close();
    expect(received.at(-1)!.body).toMatchObject({ top_k: 20, max_completion_tokens: 64 });
    expect(received.at(-1)!.headers.authorization).toBe('Bearer local-key');

    const groq = createOpenAICompatibleAdapter({ id: 'groq', baseUrl, preset: 'groq' });
    const error = await groq.doGenerate(REQUEST, { model: 'm', signal: new AbortController().signal }).catch((caught: unknown) => caught);
    await groq.close();
    expect(error).toMatchObject({ failureClass: 'auth' });
  });
});
