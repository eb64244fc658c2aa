import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNothingHeldAgainstProviders, recordAttempts } from '../support/provider-blame.js';
import { exchangeRaw, parseRawAnswer, requestHead } from '../support/raw-http.js';
import { startStack, type Stack } from '../support/start-stack.js';
import { waitUntil } from '../support/wait-until.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

// Issue 11 on the issue-15 hardening: the Responses API endpoints (POST /v1/responses, /responses,
// /v1/responses/input_tokens) tried by hostile clients. Every request here is the client's own
// fault: each gets an error in OpenAI's envelope with the right 4xx (or a proper answer), never a
// crash, hang or 5xx, and nothing of it counts against the providers behind the route: no breaker
// opens, no incident, no webhook, the status page stays operational.

const MAX_BODY_BYTES = 256 * 1024;
const BODY_TIMEOUT_MS = 1_500;
const BODY_IDLE_TIMEOUT_MS = 400;
const CAP_MS = 15_000;
const SECRET = 'sk-openai-provider-secret-0042';

let stack: Stack;
let webhooks: WebhookReceiver;

beforeAll(async () => {
  webhooks = await startWebhookReceiver();
  stack = await startStack({
    providers: [
      // An OpenAI primary (Responses passthrough) and an Anthropic fallback (translated).
      { name: 'primary', simulator: { format: 'openai', strictModels: true, models: ['gpt-5'] }, keys: [SECRET] },
      { name: 'fallback', simulator: { format: 'anthropic' } },
    ],
    // gpt-5: passed through to the OpenAI primary; gpt-translated: translated to the Anthropic one.
    routes: { 'gpt-5': ['primary/gpt-5', 'fallback/claude-sonnet-4-5'], 'gpt-translated': ['fallback/claude-sonnet-4-5'] },
    server: { max_body_bytes: MAX_BODY_BYTES, body_timeout_ms: BODY_TIMEOUT_MS, body_idle_timeout_ms: BODY_IDLE_TIMEOUT_MS },
    // Incidents open at the first verdict that is not operational, so one would show at once.
    config: { incidents: { open_after_ms: 0 }, notifications: { webhooks: [{ name: 'ops', url: webhooks.url, secret: 'whsec-hostile', format: 'json' }] } },
  });
});
afterAll(async () => {
  await stack?.close();
  await webhooks?.close();
});

/** Stands for the model of the route under test. */
const MODEL = 'gpt-route';
const VALID = { model: MODEL, input: [{ role: 'user', content: [{ type: 'input_text', text: 'hello' }] }] };

interface Answer {
  status: number;
  body: unknown;
  text: string;
  isStream: boolean;
}

async function post(path: string, body: string | Uint8Array, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${stack.lifeline.url}${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-client', 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // A stream, or not JSON: the checks below say which is wrong.
  }
  return { status: response.status, body: parsed, text, isStream: response.headers.get('content-type')?.startsWith('text/event-stream') === true };
}

/**
 * Each bad body and the status it gets; 0: whatever the target says of it (a passthrough provider
 * and a translated one may judge it differently, and a provider's 400 is an answer, not a failure).
 * The model is `MODEL`, replaced per route.
 */
const CASES: Array<{ name: string; status: number; body: () => string | Uint8Array }> = [
  { name: 'not JSON', status: 400, body: () => 'model=gpt-5&input=hi' },
  { name: 'a JSON array', status: 400, body: () => '[1,2,3]' },
  { name: 'input a number', status: 400, body: () => JSON.stringify({ ...VALID, input: 42 }) },
  { name: 'input missing', status: 400, body: () => JSON.stringify({ model: MODEL }) },
  { name: 'model a number', status: 400, body: () => JSON.stringify({ ...VALID, model: 5 }) },
  { name: 'model empty', status: 400, body: () => JSON.stringify({ ...VALID, model: '' }) },
  { name: 'an invented model', status: 404, body: () => JSON.stringify({ ...VALID, model: 'totally-invented-model' }) },
  { name: 'stream a string', status: 400, body: () => JSON.stringify({ ...VALID, stream: 'yes' }) },
  { name: 'max_output_tokens negative', status: 400, body: () => JSON.stringify({ ...VALID, max_output_tokens: -5 }) },
  { name: 'temperature a string', status: 400, body: () => JSON.stringify({ ...VALID, temperature: 'hot' }) },
  { name: 'instructions an object', status: 400, body: () => JSON.stringify({ ...VALID, instructions: { a: 1 } }) },
  { name: 'tools an object', status: 400, body: () => JSON.stringify({ ...VALID, tools: { type: 'function' } }) },
  { name: 'a function tool without a name', status: 400, body: () => JSON.stringify({ ...VALID, tools: [{ type: 'function', parameters: {} }] }) },
  { name: 'tool_choice a number', status: 400, body: () => JSON.stringify({ ...VALID, tool_choice: 3 }) },
  { name: 'text.format unknown', status: 400, body: () => JSON.stringify({ ...VALID, text: { format: { type: 'yaml' } } }) },
  { name: 'reasoning a string', status: 400, body: () => JSON.stringify({ ...VALID, reasoning: 'high' }) },
  { name: 'metadata an array', status: 400, body: () => JSON.stringify({ ...VALID, metadata: [1] }) },
  { name: 'include a string', status: 400, body: () => JSON.stringify({ ...VALID, include: 'reasoning.encrypted_content' }) },
  { name: 'an unknown item type', status: 200, body: () => JSON.stringify({ ...VALID, input: [...VALID.input, { type: 'banana_call', id: 'b1' }] }) },
  { name: 'an unknown content part type', status: 400, body: () => JSON.stringify({ ...VALID, input: [{ role: 'user', content: [{ type: 'input_banana', text: 'hi' }] }] }) },
  { name: 'an unknown role', status: 400, body: () => JSON.stringify({ ...VALID, input: [{ role: 'wizard', content: 'hi' }] }) },
  { name: 'a function_call without call_id', status: 400, body: () => JSON.stringify({ ...VALID, input: [...VALID.input, { type: 'function_call', name: 'f', arguments: '{}' }] }) },
  { name: 'function_call arguments that are not JSON', status: 0, body: () => JSON.stringify({ ...VALID, input: [...VALID.input, { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{nope' }, { type: 'function_call_output', call_id: 'c1', output: 'x' }] }) },
  { name: 'a function_call_output for no call', status: 0, body: () => JSON.stringify({ ...VALID, input: [...VALID.input, { type: 'function_call_output', call_id: 'nobody', output: 'x' }] }) },
  { name: 'an item that is null', status: 400, body: () => JSON.stringify({ ...VALID, input: [null] }) },
  { name: 'an empty input list', status: 400, body: () => JSON.stringify({ ...VALID, input: [] }) },
  { name: 'an item_reference', status: 400, body: () => JSON.stringify({ ...VALID, input: [{ type: 'item_reference', id: 'msg_1' }] }) },
  { name: 'an unknown previous_response_id', status: 404, body: () => JSON.stringify({ ...VALID, previous_response_id: 'resp_never_made_by_anyone' }) },
  { name: 'previous_response_id a number', status: 400, body: () => JSON.stringify({ ...VALID, previous_response_id: 7 }) },
  { name: 'background: true', status: 400, body: () => JSON.stringify({ ...VALID, background: true }) },
  { name: 'invalid UTF-8 in the text', status: 200, body: () => Buffer.concat([Buffer.from(`{"model":"${MODEL}","input":"caf`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]) },
  { name: 'a lone surrogate escape', status: 200, body: () => `{"model":"${MODEL}","input":"\\ud800 alone"}` },
  { name: 'a 100 000-item input', status: 413, body: () => JSON.stringify({ ...VALID, input: Array.from({ length: 100_000 }, () => 'x') }) },
  { name: 'an input list of 20 000 messages', status: 413, body: () => JSON.stringify({ ...VALID, input: Array.from({ length: 20_000 }, (_, index) => ({ role: index % 2 ? 'assistant' : 'user', content: 'hi' })) }) },
  { name: 'an oversized body', status: 413, body: () => JSON.stringify({ ...VALID, input: 'x'.repeat(MAX_BODY_BYTES + 10) }) },
  { name: 'deep nesting in a tool schema', status: 400, body: () => JSON.stringify({ ...VALID, tools: [{ type: 'function', name: 't', parameters: { type: 'object', properties: { x: 'DEEP' } } }] }).replace('"DEEP"', `${'['.repeat(5_000)}${']'.repeat(5_000)}`) },
  { name: 'deep nesting in metadata', status: 400, body: () => JSON.stringify({ ...VALID, metadata: { a: 'DEEP' } }).replace('"DEEP"', `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`) },
  { name: 'deep nesting in an unknown item', status: 400, body: () => JSON.stringify({ ...VALID, input: [...VALID.input, { type: 'x', y: 'DEEP' }] }).replace('"DEEP"', `${'['.repeat(5_000)}${']'.repeat(5_000)}`) },
];

/** The body for `model`, and whether it asks for a stream (bytes that are not UTF-8 and bodies that are no object never do). */
function bodyFor(raw: string | Uint8Array, model: string, stream: boolean): { body: string | Uint8Array; streamed: boolean } {
  if (typeof raw !== 'string') return { body: Buffer.from(Buffer.from(raw).toString('latin1').replace(MODEL, model), 'latin1'), streamed: false };
  const named = raw.replace(`"${MODEL}"`, JSON.stringify(model));
  const streamed = stream && named.startsWith('{"');
  return { body: streamed ? named.replace('{', '{"stream":true,') : named, streamed };
}

/** An answer is a proper one, or an error in OpenAI's envelope; never a 5xx, never the provider's key. */
function expectProperAnswer(path: string, streamed: boolean, answer: Answer): void {
  // input_tokens answers in JSON whatever `stream` says.
  expect(answer.isStream).toBe(streamed && answer.status === 200 && !path.endsWith('/input_tokens'));
  expect(answer.status, answer.text.slice(0, 300)).toBeLessThan(500);
  expect(answer.text).not.toContain(SECRET);
  if (answer.status !== 200) {
    expect(Object.keys(answer.body as object)).toEqual(['error']);
    expect(Object.keys((answer.body as { error: object }).error).sort()).toEqual(['code', 'message', 'param', 'type']);
    return;
  }
  if (answer.isStream) {
    const types = [...answer.text.matchAll(/^event: (.+)$/gm)].map((match) => match[1]);
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    return;
  }
  expect((answer.body as { object?: string }).object).toBe(path.endsWith('/input_tokens') ? 'response.input_tokens' : 'response');
}

describe('issue 11: hostile clients on the Responses API', () => {
  for (const path of ['/v1/responses', '/responses', '/v1/responses/input_tokens']) {
    it(`${path}: every bad body gets a clear 4xx in OpenAI's envelope (or a proper answer), three times over, passed through and translated, and nothing is held against a provider`, async () => {
      const attempts = recordAttempts(stack);
      for (let round = 0; round < 3; round++) {
        for (const testCase of CASES) {
          for (const model of ['gpt-5', 'gpt-translated']) {
            for (const stream of [false, true]) {
              const { body, streamed } = bodyFor(testCase.body(), model, stream);
              const answer = await post(path, body);
              expectProperAnswer(path, streamed, answer);
              if (testCase.status !== 0) expect(answer.status, `${testCase.name} (${model}${stream ? ', stream' : ''}): ${answer.text.slice(0, 300)}`).toBe(testCase.status);
            }
          }
        }
      }
      await expectNothingHeldAgainstProviders(stack, attempts.events, webhooks);
      attempts.dispose();
    }, 120_000);
  }

  it('cuts a /v1/responses body that stops coming, or trickles forever, with 408 in OpenAI\'s envelope, and holds nothing against a provider', async () => {
    const attempts = recordAttempts(stack);
    const requestsBefore = Object.values(stack.sims).map((sim) => sim.control.requests().length);
    const head = (path: string, length: number) => requestHead('POST', path, { 'content-type': 'application/json', authorization: 'Bearer sk-client', 'content-length': length });
    const stopped = await exchangeRaw(stack.lifeline.port, `${head('/v1/responses', 1_000)}{"model":"gpt-5","input":`, { capMs: CAP_MS });
    const trickled = await exchangeRaw(stack.lifeline.port, `${head('/responses', 100_000)}{`, { dribble: ' ', everyMs: 100, capMs: CAP_MS });
    const counted = await exchangeRaw(stack.lifeline.port, `${head('/v1/responses/input_tokens', 1_000)}{"model":`, { capMs: CAP_MS });
    for (const exchange of [stopped, trickled, counted]) {
      expect(exchange.closedByServer).toBe(true);
      const answer = parseRawAnswer(exchange.text);
      expect(answer.status).toBe(408);
      expect(answer.body).toEqual({ error: { message: expect.stringMatching(/server\.body_(idle_)?timeout_ms/), type: 'invalid_request_error', param: null, code: expect.any(String) } });
    }
    // Nothing of a body that never arrived reached a provider.
    expect(Object.values(stack.sims).map((sim) => sim.control.requests().length)).toEqual(requestsBefore);
    await expectNothingHeldAgainstProviders(stack, attempts.events, webhooks);
    attempts.dispose();
  }, 60_000);

  it('a client that walks away from a slow /v1/responses stream, passed through or translated, is its own doing: nothing is held against a provider', async () => {
    const attempts = recordAttempts(stack);
    const streamEnds: string[] = [];
    const subscription = stack.lifeline.services.gateway.events.onStreamEnd((event) => streamEnds.push(event.outcome));
    for (const [model, sim] of [['gpt-5', 'primary'], ['gpt-translated', 'fallback']] as const) {
      stack.sims[sim]!.control.addFault({ kind: 'slow-tokens', delayMs: 200 });
      const controller = new AbortController();
      const response = await fetch(`${stack.lifeline.url}/v1/responses`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-client', 'content-type': 'application/json' },
        body: JSON.stringify({ ...VALID, model, stream: true }),
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      const reader = response.body!.getReader();
      const first = await reader.read();
      expect(new TextDecoder().decode(first.value)).toContain('response.created');
      controller.abort();
      await reader.closed.catch(() => undefined);
    }
    // The abandoned streams end as cancelled, never as a provider's failure.
    await waitUntil(() => (streamEnds.length >= 2 ? true : undefined), { timeoutMs: 5_000, description: 'both abandoned streams ended' });
    subscription.dispose();
    expect(streamEnds).toEqual(['cancelled', 'cancelled']);
    await expectNothingHeldAgainstProviders(stack, attempts.events, webhooks);
    attempts.dispose();
  });

  it('/v1/responses/input_tokens counts the conversation a previous_response_id continues, as /v1/responses would send it', async () => {
    const first = await post('/v1/responses', JSON.stringify({ model: 'gpt-translated', input: 'Tell me a long story about the sea, please. '.repeat(20) }));
    expect(first.status, first.text).toBe(200);
    const id = (first.body as { id: string }).id;
    const count = async (extra: Record<string, unknown>) => {
      const answer = await post('/v1/responses/input_tokens', JSON.stringify({ model: 'gpt-translated', input: 'And then?', ...extra }));
      expect(answer.status, answer.text).toBe(200);
      return (answer.body as { input_tokens: number }).input_tokens;
    };
    const alone = await count({});
    const continued = await count({ previous_response_id: id });
    expect(continued).toBeGreaterThan(alone + 100);
  });
});
