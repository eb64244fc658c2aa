import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/start-stack.js';

// A provider that sends its last event (message_stop, [DONE]) and then keeps the connection open:
// the client has the whole answer and must get the end of its response at once, not when the
// upstream finally closes (here: never, until Lifeline drops it).
const ANSWER = 'Complete answer, then silence on an open connection.';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { name: 'asim', simulator: { format: 'anthropic', script: [{ reply: { text: ANSWER } }], chunkCount: 6 } },
      { name: 'osim', simulator: { format: 'openai', script: [{ reply: { text: ANSWER } }], chunkCount: 6 } },
    ],
    routes: { 'claude-*': ['asim/claude-a'], 'gpt-*': ['osim/gpt-a'], 'x-claude': ['osim/gpt-a'], 'x-gpt': ['asim/claude-a'] },
  });
});
afterAll(async () => stack?.close());
beforeEach(() => {
  for (const sim of Object.values(stack.sims)) {
    sim.control.clearFaults();
    // Every frame written, then the connection held open with no end (no `ms`: until closed).
    sim.control.addFault({ kind: 'stall-mid-stream', afterEvents: 1000, persistent: true });
  }
});

/** Resolves with the value, or rejects if `work` is still running after `ms` (the upstream's stall never ends on its own). */
async function endsWithin<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`response still open after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

const anthropicStream = (model: string) =>
  new Anthropic({ baseURL: stack.anthropicBaseUrl, apiKey: 'client', maxRetries: 0 }).messages.stream({ model, max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();

async function openaiStreamText(model: string): Promise<{ text: string; finish: string | null | undefined }> {
  const client = new OpenAI({ baseURL: stack.openaiBaseUrl, apiKey: 'client', maxRetries: 0 });
  const stream = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }], stream: true });
  let text = '';
  let finish: string | null | undefined;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }
  return { text, finish };
}

describe('a provider that keeps the connection open after its last event', () => {
  it.each([
    ['passed through', 'claude-a'],
    ['translated from OpenAI', 'x-claude'],
  ])('ends an Anthropic client stream at message_stop (%s)', async (_name, model) => {
    const message = await endsWithin(4_000, anthropicStream(model));
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: ANSWER })]);
    expect(message.stop_reason).toBe('end_turn');
  });

  it.each([
    ['passed through', 'gpt-a'],
    ['translated from Anthropic', 'x-gpt'],
  ])('ends an OpenAI client stream at [DONE] (%s)', async (_name, model) => {
    const { text, finish } = await endsWithin(4_000, openaiStreamText(model));
    expect(text).toBe(ANSWER);
    expect(finish).toBe('stop');
  });
});
