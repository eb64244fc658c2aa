import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/start-stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { name: 'asim', simulator: { format: 'anthropic' } },
      { name: 'osim', simulator: { format: 'openai' } },
    ],
    routes: { 'claude-*': ['asim/*'], 'gpt-*': ['osim/*'], 'cross-claude': ['osim/gpt-5'], 'cross-gpt': ['asim/claude-sonnet-4-5'] },
  });
});
afterAll(async () => stack?.close());

describe('smoke', () => {
  it('anthropic -> anthropic', async () => {
    const client = new Anthropic({ baseURL: stack.anthropicBaseUrl, apiKey: 'client-key', maxRetries: 0 });
    const message = await client.messages.create({ model: 'claude-x', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.content[0]?.type).toBe('text');
    const streamed = await client.messages.stream({ model: 'claude-x', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    expect(streamed.content[0]?.type).toBe('text');
  });
  it('anthropic -> openai', async () => {
    const client = new Anthropic({ baseURL: stack.anthropicBaseUrl, apiKey: 'client-key', maxRetries: 0 });
    const message = await client.messages.create({ model: 'cross-claude', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.model).toBe('gpt-5');
    const streamed = await client.messages.stream({ model: 'cross-claude', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    expect(streamed.content[0]?.type).toBe('text');
  });
  it('openai -> both', async () => {
    const client = new OpenAI({ baseURL: stack.openaiBaseUrl, apiKey: 'client-key', maxRetries: 0 });
    for (const model of ['gpt-5', 'cross-gpt']) {
      const completion = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });
      expect(completion.choices[0]?.message.content).toBeTruthy();
      const stream = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      expect(text.length).toBeGreaterThan(0);
    }
  });
});
