import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ScriptRule } from '../../src/simulators/index.js';
import { startStack, type Stack } from '../support/start-stack.js';

const ANSWER = 'Lifeline keeps the conversation going: every word of this answer arrives once, in order, even when the first provider breaks half way through the stream.';
const script: ScriptRule[] = [
  {
    match: { lastUserText: 'two tools' },
    reply: { toolCalls: [{ name: 'lookup', input: { query: 'first', note: 'long enough to stream in pieces' }, id: 'toolu_first' }, { name: 'lookup', input: { query: 'second' }, id: 'toolu_second' }] },
  },
  { match: { lastUserText: 'tool please', lastMessageIsToolResult: false }, reply: { text: 'Let me look that up for you.', toolCalls: [{ name: 'lookup', input: { query: 'outage history', limit: 3 } }] } },
  { reply: { text: ANSWER } },
];

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { name: 'aprimary', simulator: { format: 'anthropic', script, chunkCount: 12 } },
      { name: 'oprimary', simulator: { format: 'openai', script, chunkCount: 12 } },
      { name: 'afallback', simulator: { format: 'anthropic', script, chunkCount: 12 } },
      { name: 'ofallback', simulator: { format: 'openai', script, chunkCount: 12 } },
    ],
    routes: {
      'claude-a2o': ['aprimary/claude-a', 'ofallback/gpt-b'],
      'claude-a2a': ['aprimary/claude-a', 'afallback/claude-b'],
      'gpt-o2a': ['oprimary/gpt-a', 'afallback/claude-b'],
    },
  });
});
afterAll(async () => stack?.close());
beforeEach(() => {
  for (const sim of Object.values(stack.sims)) {
    sim.control.clearFaults();
    sim.control.clearRequests();
  }
});

const anthropic = () => new Anthropic({ baseURL: stack.anthropicBaseUrl, apiKey: 'client', maxRetries: 0 });
const textOf = (message: Anthropic.Message) => message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');

describe('mid-stream failover', () => {
  it.each([
    ['an error event', { kind: 'error-event', afterEvents: 7 } as const, 'claude-a2o'],
    ['a connection reset', { kind: 'reset-mid-stream', afterEvents: 9 } as const, 'claude-a2o'],
    ['an error event, continued on the same format', { kind: 'error-event', afterEvents: 6 } as const, 'claude-a2a'],
  ])('continues an Anthropic stream cut by %s with every word once', async (_name, fault, model) => {
    stack.sims.aprimary!.control.addFault(fault);
    const stream = anthropic().messages.stream({ model, max_tokens: 300, messages: [{ role: 'user', content: 'tell me' }] });
    const message = await stream.finalMessage();
    expect(textOf(message)).toBe(ANSWER);
    expect(message.stop_reason).toBe('end_turn');
    // The fallback was asked to continue from what the client already had.
    const fallback = model === 'claude-a2o' ? stack.sims.ofallback! : stack.sims.afallback!;
    const continued = fallback.control.requests().at(-1)!.body as { messages: Array<{ role: string; content: unknown }> };
    const assistantTurn = JSON.stringify(continued.messages.filter((entry) => entry.role === 'assistant').at(-1));
    expect(assistantTurn).toContain(ANSWER.slice(0, 10));
  });

  it('continues an OpenAI stream cut by a reset on an Anthropic fallback', async () => {
    stack.sims.oprimary!.control.addFault({ kind: 'reset-mid-stream', afterEvents: 5 });
    const client = new OpenAI({ baseURL: stack.openaiBaseUrl, apiKey: 'client', maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'gpt-o2a', messages: [{ role: 'user', content: 'tell me' }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    let finish: string | null | undefined;
    let usageChunks = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usageChunks++;
    }
    expect(text).toBe(ANSWER);
    expect(finish).toBe('stop');
    expect(usageChunks).toBe(1);
  });

  it('never sends half a tool call: a call cut mid-arguments is regenerated whole', async () => {
    // Text (message_start, block start, ping, deltas, stop) then the tool block: cut inside its input.
    const probe = await anthropic().messages.create({ model: 'claude-a2a', max_tokens: 300, messages: [{ role: 'user', content: 'tool please' }] });
    expect(probe.content.map((block) => block.type)).toEqual(['text', 'tool_use']);
    stack.sims.aprimary!.control.clearRequests();
    const events: string[] = [];
    stack.sims.aprimary!.control.addFault({ kind: 'reset-mid-stream', afterEvents: 20 });
    const stream = anthropic().messages.stream({ model: 'claude-a2a', max_tokens: 300, messages: [{ role: 'user', content: 'tool please' }], tools: [{ name: 'lookup', input_schema: { type: 'object' } }] });
    stream.on('streamEvent', (event) => events.push(event.type));
    const message = await stream.finalMessage();
    const toolUses = message.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
    expect(toolUses).toHaveLength(1);
    expect(toolUses[0]!.input).toEqual({ query: 'outage history', limit: 3 });
    expect(textOf(message)).toBe('Let me look that up for you.');
    expect(message.stop_reason).toBe('tool_use');
    expect(events.filter((type) => type === 'message_start')).toHaveLength(1);
    expect(events.filter((type) => type === 'message_stop')).toHaveLength(1);
    expect(stack.sims.afallback!.control.requests().length).toBeGreaterThan(0);
  });

  it('ends with an honest error when the only fallback fails too', async () => {
    stack.sims.aprimary!.control.addFault({ kind: 'error-event', afterEvents: 6 });
    stack.sims.afallback!.control.addFault({ kind: 'status', status: 529, persistent: true });
    const stream = anthropic().messages.stream({ model: 'claude-a2a', max_tokens: 300, messages: [{ role: 'user', content: 'tell me' }] });
    const error = await stream.finalMessage().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(String((error as Error).message)).toMatch(/overloaded/i);
  });

  it('never sends a tool call twice: a call cut after a whole one went out ends with an honest error, not a redone turn', async () => {
    // message_start, the first tool_use block (start, ping, deltas, stop), then the second's start and one delta.
    stack.sims.aprimary!.control.addFault({ kind: 'reset-mid-stream', afterEvents: 10 });
    const stream = anthropic().messages.stream({ model: 'claude-a2a', max_tokens: 300, messages: [{ role: 'user', content: 'two tools' }], tools: [{ name: 'lookup', input_schema: { type: 'object' } }] });
    const started: string[] = [];
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') started.push(event.content_block.id);
    });
    const error = await stream.finalMessage().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(String((error as Error).message)).toContain('after 1 whole tool call(s) had been sent');
    expect(started).toEqual(['toolu_first']);
    expect(stack.sims.afallback!.control.requests()).toEqual([]);
  });

  it('finishes with tool_use when the stream breaks right after a whole tool call (passthrough included)', async () => {
    // message_start, then the first tool_use block whole: start, ping, four deltas, stop.
    stack.sims.aprimary!.control.addFault({ kind: 'reset-mid-stream', afterEvents: 8 });
    const message = await anthropic().messages.stream({ model: 'claude-a2a', max_tokens: 300, messages: [{ role: 'user', content: 'two tools' }], tools: [{ name: 'lookup', input_schema: { type: 'object' } }] }).finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toMatchObject([{ type: 'tool_use', id: 'toolu_first', input: { query: 'first', note: 'long enough to stream in pieces' } }]);
    expect(stack.sims.afallback!.control.requests()).toEqual([]);
  });
});
