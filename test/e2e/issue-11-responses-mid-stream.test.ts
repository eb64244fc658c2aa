import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContinuationMode, FaultSpec, ScriptRule, SimulatorFormat } from '../../src/simulators/index.js';
import { generationRequests, startResilienceStack, type ResilienceStack } from '../support/resilience-stack.js';

// Issue 11: mid-stream failover on POST /v1/responses, with fallbacks whose models behave like real
// ones (simulators/continuation.ts). Whatever the fallback does, the Responses client gets every
// word once and a completed response, or an honest end it cannot mistake for a whole answer.

/** Sixty words, as in issue 16: long enough that a repeat is unmistakable. */
const ANSWER = [
  'Lifeline keeps a conversation going when the provider behind it breaks in the middle of an answer.',
  'It hands the text the client already has to the next provider, asks it to carry on,',
  'then checks what comes back before any of it reaches the client, so every word arrives exactly once',
  'and a different answer is never spliced in.',
].join(' ');
const TOOL_TEXT = 'Let me look that up for you.';
const CALLS = [
  { name: 'lookup', input: { query: 'first', note: 'a longer argument so the call streams in several pieces' }, id: 'call_first' },
  { name: 'lookup', input: { query: 'second', note: 'a longer argument so the call streams in several pieces' }, id: 'call_second' },
];
const THOUGHT = 'The user wants the scripted answer; I will give it whole, in one go, without any preamble at all.';
const script: ScriptRule[] = [
  { match: { lastUserText: 'two tools' }, reply: { toolCalls: CALLS } },
  { match: { lastUserText: 'think first' }, reply: { thinking: THOUGHT, text: ANSWER } },
  { match: { lastUserText: 'tool please', lastMessageIsToolResult: false }, reply: { text: TOOL_TEXT, toolCalls: [{ name: 'lookup', input: { query: 'outage history', limit: 3, note: 'a longer argument so the call streams in several pieces' } }] } },
  { reply: { text: ANSWER } },
];

let stack: ResilienceStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function startPair(primary: SimulatorFormat, fallback: SimulatorFormat, fallbackMode: ContinuationMode = 'exact'): Promise<ResilienceStack> {
  // Eight repeated words: a prefilled model that repeats fewer than MIN_OVERLAP_WORDS.prefill (6) is
  // taken at its word on every endpoint (pipeline/seam-reconciler.ts), so the repeat must be longer.
  const continuation = { mode: fallbackMode, repeatTailWords: 8 };
  const model = (format: SimulatorFormat) => (format === 'anthropic' ? 'claude-sonnet-4-6' : 'gpt-5');
  return startResilienceStack({
    providers: [
      { name: 'primary', simulator: { format: primary, script, chunkCount: 60 } },
      { name: 'fallback', simulator: { format: fallback, script, chunkCount: 60, continuation } },
    ],
    routes: { 'gpt-seam': [`primary/${model(primary)}`, `fallback/${model(fallback)}`] },
    resilience: { timeouts: { idle_ms: 500 } },
  });
}

interface Seen {
  final: OpenAI.Responses.Response | undefined;
  error: unknown;
  text: string;
  types: string[];
  sequence: number[];
}

/** A Responses stream through the official SDK's `responses.stream`, every event kept. */
async function streamResponses(stack: ResilienceStack, input: string, tools?: OpenAI.Responses.Tool[]): Promise<Seen> {
  const client = new OpenAI({ baseURL: stack.openaiBaseUrl, apiKey: 'sk-client', maxRetries: 0 });
  const seen: Seen = { final: undefined, error: undefined, text: '', types: [], sequence: [] };
  const stream = client.responses.stream({ model: 'gpt-seam', input, ...(tools ? { tools } : {}) });
  stream.on('event', (event) => {
    seen.types.push(event.type);
    seen.sequence.push(event.sequence_number);
    if (event.type === 'response.output_text.delta') seen.text += event.delta;
  });
  try {
    seen.final = await stream.finalResponse();
  } catch (error) {
    seen.error = error;
  }
  return seen;
}

/** How many SSE frames the primary sends, asked directly, before the first one containing `marker`. */
async function framesBefore(stack: ResilienceStack, format: SimulatorFormat, marker: string, input = 'tool please'): Promise<number> {
  const sim = stack.sim('primary');
  const openai = format === 'openai';
  const response = await fetch(openai ? `${sim.url}/responses` : `${sim.url}/v1/messages`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-test', 'x-api-key': 'sk-test', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    body: JSON.stringify(openai ? { model: 'gpt-5', input, stream: true } : { model: 'claude-sonnet-4-6', max_tokens: 300, stream: true, messages: [{ role: 'user', content: input }] }),
  });
  const frames = (await response.text()).split('\n\n');
  const at = frames.findIndex((frame) => frame.includes(marker));
  expect(at).toBeGreaterThan(0);
  return at;
}

/** The event types of a raw Responses stream, in order, as sent. */
async function rawStreamTypes(stack: ResilienceStack, input: string): Promise<string[]> {
  const response = await fetch(`${stack.openaiBaseUrl}/responses`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-client', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-seam', input, stream: true }),
  });
  return [...(await response.text()).matchAll(/^event: (.+)$/gm)].map((match) => match[1]!);
}

/** One well-formed Responses stream: created once, numbered 0, 1, 2…, one terminal event. */
function expectOneStream(seen: Seen, terminal: string): void {
  expect(seen.types.filter((type) => type === 'response.created')).toHaveLength(1);
  expect(seen.sequence).toEqual(seen.sequence.map((_, index) => index));
  expect(seen.types.filter((type) => ['response.completed', 'response.incomplete', 'response.failed'].includes(type))).toEqual([terminal]);
}

const CUT: FaultSpec = { kind: 'reset-mid-stream', afterEvents: 30 };

describe('issue 11: a Responses stream that breaks half-way continues on the next target', () => {
  it.each<[string, SimulatorFormat, SimulatorFormat, FaultSpec]>([
    ['OpenAI Responses passthrough breaks, Anthropic continues', 'openai', 'anthropic', CUT],
    ['OpenAI Responses passthrough sends an error event, Anthropic continues', 'openai', 'anthropic', { kind: 'error-event', afterEvents: 30 }],
    ['OpenAI Responses passthrough stalls, Anthropic continues', 'openai', 'anthropic', { kind: 'stall-mid-stream', afterEvents: 30, ms: 2_000 }],
    ['Anthropic breaks, OpenAI continues', 'anthropic', 'openai', CUT],
    ['OpenAI passthrough breaks, OpenAI continues', 'openai', 'openai', CUT],
  ])('%s: every word once, completed', async (_name, primary, fallback, fault) => {
    stack = await startPair(primary, fallback);
    stack.sim('primary').control.addFault(fault);
    const seen = await streamResponses(stack, 'tell me');
    expect(seen.error).toBeUndefined();
    expect(seen.text).toBe(ANSWER);
    expect(seen.final?.output_text).toBe(ANSWER);
    expect(seen.final?.status).toBe('completed');
    expectOneStream(seen, 'response.completed');
    expect(generationRequests(stack.sim('fallback'))).toHaveLength(1);
  });

  it.each<[ContinuationMode, SimulatorFormat, SimulatorFormat]>([
    ['ignore-instruction', 'openai', 'anthropic'],
    ['ignore-instruction', 'anthropic', 'openai'],
    ['repeat-tail', 'openai', 'anthropic'],
    ['repeat-tail', 'anthropic', 'openai'],
    ['reject-prefill', 'openai', 'anthropic'],
    ['reject-prefill', 'anthropic', 'openai'],
    ['prefill-rest', 'openai', 'anthropic'],
  ])('a fallback that does %s (%s → %s): the answer arrives once, never repeated', async (mode, primary, fallback) => {
    stack = await startPair(primary, fallback, mode);
    stack.sim('primary').control.addFault(CUT);
    const seen = await streamResponses(stack, 'tell me');
    expect(seen.error).toBeUndefined();
    expect(seen.text).toBe(ANSWER);
    expect(seen.final?.output_text).toBe(ANSWER);
    expectOneStream(seen, 'response.completed');
  });

  // Only an instructed model can be caught answering something else: one that was prefilled (an
  // Anthropic fallback) has no words to start from and its text is taken as the continuation, on
  // every endpoint alike (pipeline/seam-reconciler.ts).
  it.each<[SimulatorFormat]>([['openai'], ['anthropic']])('a fallback that answers something else (%s → openai): an honest failed end, never a spliced answer', async (primary) => {
    stack = await startPair(primary, 'openai', 'diverge');
    stack.sim('primary').control.addFault(CUT);
    const seen = await streamResponses(stack, 'tell me');
    expect(seen.final).toBeUndefined();
    // The SDK throws the `error` event and reads no further.
    expect((seen.error as { message?: string }).message).toContain('did not start from the last words already sent');
    expect(seen.types.at(-1)).toBe('error');
    expect(seen.text.length).toBeGreaterThan(0);
    expect(ANSWER.startsWith(seen.text)).toBe(true);
    // On the wire the stream ends as the API ends a failed one: `error`, then `response.failed`.
    stack.sim('primary').control.addFault(CUT);
    const wire = await rawStreamTypes(stack, 'tell me');
    expect(wire.slice(-2)).toEqual(['error', 'response.failed']);
    expect(wire).not.toContain('response.completed');
  });

  it.each<[SimulatorFormat, SimulatorFormat]>([
    ['openai', 'anthropic'],
    ['anthropic', 'openai'],
  ])('a function_call cut mid-arguments (%s → %s) is regenerated whole: one call, its arguments parse', async (primary, fallback) => {
    stack = await startPair(primary, fallback);
    const tools: OpenAI.Responses.Tool[] = [{ type: 'function', name: 'lookup', parameters: { type: 'object', properties: {} }, strict: false }];
    // Cut the primary's stream one frame into the call's arguments, counted on an unbroken answer.
    const cutAt = (await framesBefore(stack, primary, primary === 'openai' ? '"response.function_call_arguments.delta"' : '"input_json_delta"')) + 1;
    stack.resetSims();
    stack.sim('primary').control.addFault({ kind: 'reset-mid-stream', afterEvents: cutAt });
    const seen = await streamResponses(stack, 'tool please', tools);
    expect(seen.error).toBeUndefined();
    const calls = (seen.final?.output ?? []).filter((item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call');
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0]!.arguments)).toEqual({ query: 'outage history', limit: 3, note: 'a longer argument so the call streams in several pieces' });
    expect(seen.final?.output_text).toBe(TOOL_TEXT);
    expect(seen.types.filter((type) => type === 'response.function_call_arguments.done')).toHaveLength(1);
    expectOneStream(seen, 'response.completed');
    expect(generationRequests(stack.sim('fallback')).length).toBeGreaterThan(0);
  });

  // The continuation is asked with the text sent: a model asked again would redo the first call too.
  it.each<[SimulatorFormat, SimulatorFormat]>([
    ['openai', 'anthropic'],
    ['anthropic', 'openai'],
  ])('parallel calls cut in the second one (%s → %s): the first call once, then an honest failed end, never a call twice', async (primary, fallback) => {
    stack = await startPair(primary, fallback);
    const tools: OpenAI.Responses.Tool[] = [{ type: 'function', name: 'lookup', parameters: { type: 'object', properties: {} }, strict: false }];
    // The second call's start and one frame of it.
    const cutAt = (await framesBefore(stack, primary, '"call_second"', 'two tools')) + 2;
    stack.resetSims();
    stack.sim('primary').control.addFault({ kind: 'reset-mid-stream', afterEvents: cutAt });
    const seen = await streamResponses(stack, 'two tools', tools);
    expect(seen.final).toBeUndefined();
    expect((seen.error as { message?: string }).message).toContain('after 1 whole tool call(s) had been sent');
    expect(seen.types.filter((type) => type === 'response.function_call_arguments.done')).toHaveLength(1);
    expect(seen.types.filter((type) => type === 'response.output_item.added')).toHaveLength(1);
    expect(generationRequests(stack.sim('fallback'))).toEqual([]);
  });

  it.each<[SimulatorFormat, SimulatorFormat]>([
    ['openai', 'anthropic'],
    ['anthropic', 'openai'],
  ])('parallel calls cut between them (%s → %s): the whole first call is the answer, not repeated elsewhere', async (primary, fallback) => {
    stack = await startPair(primary, fallback);
    const tools: OpenAI.Responses.Tool[] = [{ type: 'function', name: 'lookup', parameters: { type: 'object', properties: {} }, strict: false }];
    // Right after the first call's end.
    const cutAt = (await framesBefore(stack, primary, primary === 'openai' ? '"response.output_item.done"' : '"content_block_stop"', 'two tools')) + 1;
    stack.resetSims();
    stack.sim('primary').control.addFault({ kind: 'reset-mid-stream', afterEvents: cutAt });
    const seen = await streamResponses(stack, 'two tools', tools);
    expect(seen.error).toBeUndefined();
    const calls = (seen.final?.output ?? []).filter((item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call');
    expect(calls.map((call) => JSON.parse(call.arguments) as unknown)).toEqual([CALLS[0]!.input]);
    expectOneStream(seen, 'response.completed');
    expect(generationRequests(stack.sim('fallback'))).toEqual([]);
  });

  it.each<[SimulatorFormat, SimulatorFormat, string]>([
    ['openai', 'anthropic', 'in the reasoning summary'],
    ['openai', 'anthropic', 'in the text after the reasoning'],
    ['anthropic', 'openai', 'in the text after the thinking'],
  ])('a reasoning answer cut (%s → %s) %s: the text arrives once, completed', async (primary, fallback, where) => {
    stack = await startPair(primary, fallback);
    const marker = where.includes('summary') ? '"response.reasoning_summary_text.delta"' : primary === 'openai' ? '"response.output_text.delta"' : '"text_delta"';
    const cutAt = (await framesBefore(stack, primary, marker, 'think first')) + 3;
    stack.resetSims();
    stack.sim('primary').control.addFault({ kind: 'reset-mid-stream', afterEvents: cutAt });
    const seen = await streamResponses(stack, 'think first');
    expect(seen.error).toBeUndefined();
    expect(seen.final?.output_text).toBe(ANSWER);
    expect(seen.text).toBe(ANSWER);
    expectOneStream(seen, 'response.completed');
  });

  it('a passthrough stream cut after the message is done, before response.completed: completed, nothing added', async () => {
    stack = await startPair('openai', 'anthropic');
    const cutAt = await framesBefore(stack, 'openai', '"response.completed"', 'tell me');
    stack.resetSims();
    stack.sim('primary').control.addFault({ kind: 'reset-mid-stream', afterEvents: cutAt });
    const seen = await streamResponses(stack, 'tell me');
    expect(seen.error).toBeUndefined();
    expect(seen.final?.output_text).toBe(ANSWER);
    expectOneStream(seen, 'response.completed');
  });
});
