import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { continuationInstruction } from '../../providers/shared/continuation-instruction.js';
import { DIVERGENT_TEXT } from '../continuation.js';
import { startSimulator } from '../start-simulator.js';
import type { ContinuationMode, SimulatorHandle } from '../types.js';
import { simulatedEncryptedReasoning } from './responses-render.js';

const KEY = 'sk-proj-test-key-0001';
let sim: SimulatorHandle;
let client: OpenAI;

beforeEach(async () => {
  sim = await startSimulator({
    format: 'openai',
    keys: [KEY],
    script: [
      { match: { toolResultContains: 'sunny' }, reply: { text: 'Sunny it is.' } },
      { match: { lastUserText: 'weather' }, reply: { thinking: 'Need the tool.', toolCalls: [{ name: 'get_weather', input: { city: 'Paris' }, id: 'call_w1' }, { name: 'get_weather', input: { city: 'Rome' }, id: 'call_w2' }] } },
      { match: { lastUserText: 'hello' }, reply: { text: 'Hello there, friend.' } },
    ],
  });
  client = new OpenAI({ baseURL: sim.url, apiKey: KEY, maxRetries: 0 });
});
afterEach(async () => sim.close());

describe('OpenAI simulator, Responses API', () => {
  it('answers responses.create with a message item, usage and the request echoed', async () => {
    const response = await client.responses.create({ model: 'gpt-5', input: 'hello', instructions: 'Be kind.' });
    expect(response).toMatchObject({ object: 'response', status: 'completed', model: 'gpt-5', instructions: 'Be kind.' });
    expect(response.id).toMatch(/^resp_/);
    expect(response.output_text).toBe('Hello there, friend.');
    expect(response.usage?.total_tokens).toBe(response.usage!.input_tokens + response.usage!.output_tokens);
    expect(sim.control.requests()[0]?.path).toBe('/v1/responses');
  });

  it('streams numbered events that the SDK stream helper accepts: reasoning with encrypted content, parallel calls', async () => {
    const stream = client.responses.stream({ model: 'gpt-5', input: 'weather?', include: ['reasoning.encrypted_content'] });
    const sequence: number[] = [];
    for await (const event of stream) sequence.push(event.sequence_number);
    const final = await stream.finalResponse();
    expect(sequence).toEqual(sequence.map((_, index) => index));
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'function_call', 'function_call']);
    expect(final.output[0]).toMatchObject({ encrypted_content: simulatedEncryptedReasoning('Need the tool.') });
    expect(final.output.slice(1)).toMatchObject([{ call_id: 'call_w1', arguments: '{"city":"Paris"}' }, { call_id: 'call_w2' }]);
  });

  it('takes the call outputs back, and refuses a call left without one as the API does', async () => {
    const input: OpenAI.Responses.ResponseInputItem[] = [
      { role: 'user', content: 'weather?' },
      { type: 'function_call', call_id: 'call_w1', name: 'get_weather', arguments: '{}' },
      { type: 'function_call_output', call_id: 'call_w1', output: 'sunny' },
    ];
    expect((await client.responses.create({ model: 'gpt-5', input })).output_text).toBe('Sunny it is.');
    const error = await client.responses.create({ model: 'gpt-5', input: input.slice(0, 2) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).message).toContain('No tool output found for function call call_w1');
  });

  it('applies stream faults in the Responses framing: an error event then response.failed', async () => {
    sim.control.addFault({ kind: 'error-event', afterEvents: 3, errorType: 'server_error', message: 'boom' });
    const response = await fetch(`${sim.url}/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-5', input: 'hello', stream: true }),
    });
    const text = await response.text();
    const types = [...text.matchAll(/^event: (.+)$/gm)].map((match) => match[1]);
    expect(types).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'error', 'response.failed']);
    expect(text).toContain('"message":"boom"');
  });

  it('a previous_response_id is unknown: the API 404', async () => {
    const error = await client.responses.create({ model: 'gpt-5', input: 'hello', previous_response_id: 'resp_nope' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe('OpenAI simulator, Responses API continuations', () => {
  const ANSWER = 'The quick brown fox jumps over the lazy dog.';
  const cut = 'The quick brown fox';
  const asked = (mode: ContinuationMode, input: OpenAI.Responses.ResponseInputItem[]) => {
    sim.control.setScript([{ reply: { text: ANSWER } }]);
    sim.control.setContinuation({ mode, repeatTailWords: 2 });
    return client.responses.create({ model: 'gpt-5', input }).then((response) => response.output_text, (error: unknown) => error);
  };
  const prefill: OpenAI.Responses.ResponseInputItem[] = [
    { role: 'user', content: 'go' },
    { role: 'assistant', content: cut },
  ];
  const instruction: OpenAI.Responses.ResponseInputItem[] = [...prefill, { role: 'user', content: continuationInstruction(cut) }];

  it.each<[ContinuationMode, string, string]>([
    ['exact', ' jumps over the lazy dog.', ANSWER],
    ['ignore-instruction', ANSWER, ANSWER],
    ['prefill-rest', ' jumps over the lazy dog.', ANSWER],
    ['diverge', DIVERGENT_TEXT, DIVERGENT_TEXT],
    ['repeat-tail', 'brown fox jumps over the lazy dog.', 'brown fox jumps over the lazy dog.'],
  ])('%s: a prefilled input gets "%s", an instruction "%s"', async (mode, afterPrefill, afterInstruction) => {
    expect(await asked(mode, prefill)).toBe(afterPrefill);
    expect(await asked(mode, instruction)).toBe(afterInstruction);
  });

  it('reject-prefill: a prefilled input is a 400 naming input, an instruction is ignored', async () => {
    const error = await asked('reject-prefill', prefill);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('input');
    expect(await asked('reject-prefill', instruction)).toBe(ANSWER);
  });

  it('reads output_text parts of the cut assistant message, and leaves tool loops alone', async () => {
    expect(await asked('exact', [{ role: 'user', content: 'go' }, { type: 'message', role: 'assistant', id: 'msg_1', status: 'completed', content: [{ type: 'output_text', text: cut, annotations: [] }] } satisfies OpenAI.Responses.ResponseOutputMessage])).toBe(' jumps over the lazy dog.');
    const loop: OpenAI.Responses.ResponseInputItem[] = [
      { role: 'user', content: 'go' },
      { type: 'function_call', call_id: 'call_1', name: 't', arguments: '{}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'done' },
    ];
    expect(await asked('diverge', loop)).toBe(ANSWER);
  });

  it('applies a malformed frame and a cut stream in the Responses framing', async () => {
    const post = () =>
      fetch(`${sim.url}/responses`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-5', input: 'hello', stream: true }) }).then((response) => response.text());
    sim.control.addFault({ kind: 'malformed-frame', afterEvents: 4 });
    const withBadFrame = await post();
    expect(withBadFrame).toContain('"delta":"cut sh\n\n');
    expect(withBadFrame).toContain('event: response.completed');
    sim.control.addFault({ kind: 'reset-mid-stream', afterEvents: 4 });
    const cutShort = await post().catch(() => 'reset');
    expect(cutShort).not.toContain('response.completed');
  });
});
