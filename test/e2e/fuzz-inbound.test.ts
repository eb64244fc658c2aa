import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNothingHeldAgainstProviders, recordAttempts } from '../support/provider-blame.js';
import { startStack, type Stack } from '../support/start-stack.js';

// Issue 15: generated malformed bodies at every inbound endpoint (issue 11 added the Responses API
// and its input_tokens). Whatever arrives, the answer is
// an error in the caller's own shape with a 4xx status (or a valid answer, for input that happens
// to be valid), the process sees no unhandled rejection or uncaught exception, nothing is held
// against a provider, and memory is back near where it started.

const MAX_BODY_BYTES = 512 * 1024;
const RUNS_PER_ENDPOINT = 1000;

type Format = 'anthropic' | 'openai' | 'responses' | 'responses-input-tokens';
const FORMATS: readonly Format[] = ['anthropic', 'openai', 'responses', 'responses-input-tokens'];
const ENDPOINT: Record<Format, string> = { anthropic: '/v1/messages', openai: '/v1/chat/completions', responses: '/v1/responses', 'responses-input-tokens': '/v1/responses/input_tokens' };
const AUTH: Record<Format, Record<string, string>> = {
  anthropic: { 'x-api-key': 'sk-client-fuzz', 'anthropic-version': '2023-06-01' },
  openai: { authorization: 'Bearer sk-client-fuzz' },
  responses: { authorization: 'Bearer sk-client-fuzz' },
  'responses-input-tokens': { authorization: 'Bearer sk-client-fuzz' },
};
/** A Responses request with every kind of input item a Codex session sends. */
const RESPONSES_BODY: Record<string, unknown> = {
  model: 'gpt-5',
  max_output_tokens: 20,
  instructions: 'Be brief.',
  input: [
    { role: 'user', content: [{ type: 'input_text', text: 'hello' }] },
    { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAAA' },
    { type: 'function_call', call_id: 'call_1', name: 'read', arguments: '{"path":"a"}' },
    { type: 'function_call_output', call_id: 'call_1', output: 'ok' },
  ],
  tools: [{ type: 'function', name: 'read', strict: false, parameters: { type: 'object', properties: { path: { type: 'string' } } } }],
};
const VALID: Record<Format, Record<string, unknown>> = {
  anthropic: {
    model: 'claude-sonnet-4-6',
    max_tokens: 20,
    system: 'Be brief.',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }],
    tools: [{ name: 'read', description: 'Reads a file', input_schema: { type: 'object', properties: { path: { type: 'string' } } } }],
  },
  openai: {
    model: 'gpt-5',
    max_tokens: 20,
    messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hello' }],
    tools: [{ type: 'function', function: { name: 'read', parameters: { type: 'object', properties: { path: { type: 'string' } } } } }],
  },
  responses: RESPONSES_BODY,
  'responses-input-tokens': RESPONSES_BODY,
};
const RESPONSES_PATHS = [
  ['model'], ['input'], ['instructions'], ['max_output_tokens'], ['stream'], ['input', '0'], ['input', '0', 'role'], ['input', '0', 'type'], ['input', '0', 'content'], ['input', '0', 'content', '0'],
  ['input', '0', 'content', '0', 'type'], ['input', '0', 'content', '0', 'text'], ['input', '1'], ['input', '1', 'type'], ['input', '1', 'summary'], ['input', '2', 'type'], ['input', '2', 'call_id'],
  ['input', '2', 'arguments'], ['input', '2', 'name'], ['input', '3', 'call_id'], ['input', '3', 'output'], ['tools'], ['tools', '0'], ['tools', '0', 'type'], ['tools', '0', 'name'], ['tools', '0', 'parameters'],
  ['tools', '0', 'strict'], ['tool_choice'], ['parallel_tool_calls'], ['text'], ['text', 'format'], ['reasoning'], ['reasoning', 'effort'], ['temperature'], ['top_p'], ['metadata'], ['store'], ['include'],
  ['truncation'], ['stream_options'], ['previous_response_id'], ['prompt_cache_key'], ['safety_identifier'], ['background'], ['conversation'], ['__proto__'],
];
/** Every place a wrong value can go, as paths into VALID. */
const PATHS: Record<Format, string[][]> = {
  anthropic: [['model'], ['max_tokens'], ['stream'], ['system'], ['messages'], ['messages', '0'], ['messages', '0', 'role'], ['messages', '0', 'content'], ['messages', '0', 'content', '0'], ['messages', '0', 'content', '0', 'type'], ['messages', '0', 'content', '0', 'text'], ['tools'], ['tools', '0', 'name'], ['tools', '0', 'input_schema'], ['tool_choice'], ['temperature'], ['top_k'], ['stop_sequences'], ['metadata'], ['thinking'], ['__proto__']],
  openai: [['model'], ['max_tokens'], ['stream'], ['messages'], ['messages', '1'], ['messages', '1', 'role'], ['messages', '1', 'content'], ['messages', '0', 'content'], ['tools'], ['tools', '0', 'function'], ['tools', '0', 'function', 'parameters'], ['tool_choice'], ['temperature'], ['n'], ['stop'], ['response_format'], ['stream_options'], ['logit_bias'], ['__proto__']],
  responses: RESPONSES_PATHS,
  'responses-input-tokens': RESPONSES_PATHS,
};
/** Where each format carries a long text. */
const LONG_TEXT_PATH: Record<Format, string[]> = {
  anthropic: ['messages', '0', 'content', '0', 'text'],
  openai: ['messages', '1', 'content'],
  responses: ['input', '0', 'content', '0', 'text'],
  'responses-input-tokens': ['input', '0', 'content', '0', 'text'],
};

/** A copy of `base` with `value` at `path` (undefined removes it). */
function withValue(base: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(base);
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path.at(-1)!;
  if (value === undefined) delete node[last];
  else Object.defineProperty(node, last, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(undefined, null, '', -1, 0, 1e308, -1e308, 2 ** 53 + 1, 'claude-*', '../../etc/passwd', '\u0000', '\ud800', '__proto__', { constructor: { prototype: { polluted: true } } }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
);

/** One request body as bytes, with the content type it is sent with. */
interface Attempt {
  body: string | Uint8Array;
  contentType: string | undefined;
}

function attempts(format: Format): fc.Arbitrary<Attempt> {
  const valid = VALID[format];
  const text = JSON.stringify(valid);
  const body = fc.oneof(
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null') },
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...PATHS[format]), wrongValue, fc.boolean()).map(([path, value, stream]) => JSON.stringify(withValue({ ...valid, stream }, path, value))) },
    { weight: 2, arbitrary: fc.nat({ max: text.length - 1 }).map((cut) => text.slice(0, cut)) },
    { weight: 1, arbitrary: fc.integer({ min: 100_000, max: 700_000 }).map((length) => JSON.stringify(withValue(valid, LONG_TEXT_PATH[format], 'x'.repeat(length)))) },
    // Nesting in a tool's schema, where any JSON is allowed.
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 100, max: 6_000 }), fc.constantFrom('[', '{"a":')).map(([depth, open]) => text.replace('{"type":"string"}', `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2_000 }) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '{}', '[]', 'null', '{"model":', '\uFEFF{}', '{"__proto__":{"polluted":true}}', text + text, text.replace('{', '{"model":"x",')) },
    // Bytes that are not UTF-8 inside an otherwise valid body's text.
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 8 }).map((bytes) => invalidUtf8Inside(text, 'hello', Uint8Array.from(bytes, (byte) => byte | 0x80))) },
    ...(format === 'responses' || format === 'responses-input-tokens' ? responsesOnly(valid) : []),
  );
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    { weight: 2, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', undefined) },
  );
  return fc.record({ body, contentType });
}

/** `text` with `bytes` put in place of the first `word`: high bytes, mostly not valid UTF-8. */
function invalidUtf8Inside(text: string, word: string, bytes: Uint8Array): Uint8Array {
  const at = text.indexOf(word);
  return Buffer.concat([Buffer.from(text.slice(0, at)), bytes, Buffer.from(text.slice(at + word.length))]);
}

/** What only a Responses body can get wrong: huge item lists, invented item and part types, a streamed input_tokens. */
function responsesOnly(valid: Record<string, unknown>): Array<{ weight: number; arbitrary: fc.Arbitrary<string> }> {
  const items = valid.input as unknown[];
  const itemLike = fc.oneof(fc.constant({ role: 'user', content: 'again' }), fc.constant({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'ok' }] }), fc.jsonValue({ maxDepth: 2 }));
  return [
    { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 30_000 }).map((count) => JSON.stringify({ ...valid, input: Array.from({ length: count }, (_, index) => ({ role: index % 2 === 0 ? 'user' : 'assistant', content: `turn ${index}` })) })) },
    { weight: 2, arbitrary: fc.tuple(fc.string({ maxLength: 30 }), fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 })).map(([type, rest]) => JSON.stringify({ ...valid, input: [...items, { ...rest, type }] })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((type) => JSON.stringify({ ...valid, input: [{ role: 'user', content: [{ type, text: 'hi', image_url: 'data:x', file_data: 'x' }] }] })) },
    { weight: 1, arbitrary: fc.array(itemLike, { maxLength: 20 }).map((input) => JSON.stringify({ ...valid, input })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((model) => JSON.stringify({ ...valid, model })) },
  ];
}

/** What an error answer must look like in each format, exactly. */
function expectErrorShape(format: Format, body: unknown): void {
  if (format === 'anthropic') {
    expect(body).toMatchObject({ type: 'error', error: { type: expect.any(String), message: expect.any(String) } });
    expect(Object.keys((body as { error: object }).error).sort()).toEqual(['message', 'type']);
  } else {
    // Chat Completions and the Responses API share OpenAI's envelope.
    expect(Object.keys(body as object)).toEqual(['error']);
    expect(Object.keys((body as { error: object }).error).sort()).toEqual(['code', 'message', 'param', 'type']);
  }
}

const SUCCESS_OBJECT: Record<Format, string> = { anthropic: 'message', openai: 'chat.completion', responses: 'response', 'responses-input-tokens': 'response.input_tokens' };

async function check(format: Format, attempt: Attempt): Promise<void> {
  const response = await fetch(`${stack.lifeline.url}${ENDPOINT[format]}`, {
    method: 'POST',
    headers: { ...AUTH[format], ...(attempt.contentType ? { 'content-type': attempt.contentType } : {}) },
    body: attempt.body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  // Everything sent here is the client's doing: a 5xx would be Lifeline failing (or blaming a provider).
  expect(response.status, text.slice(0, 300)).toBeLessThan(500);
  if (response.status !== 200) {
    expectErrorShape(format, JSON.parse(text));
    return;
  }
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
    // A stream ends with its last event, or an error event in the caller's shape.
    const last = text.trim().split('\n').filter((line) => line.startsWith('data: ')).at(-1)!.slice('data: '.length);
    if (format === 'openai' && last === '[DONE]') return;
    const event = JSON.parse(last) as { type?: string; error?: unknown };
    // A Responses stream that starts has nothing of the client's left to refuse: it completes.
    if (format === 'responses') expect(['response.completed', 'response.incomplete'], text.slice(-600)).toContain(event.type);
    else if (event.error !== undefined) expectErrorShape(format, event);
    else expect(event.type).toBe('message_stop');
    return;
  }
  const answer = JSON.parse(text) as { type?: string; object?: string };
  expect(format === 'anthropic' ? answer.type : answer.object).toBe(SUCCESS_OBJECT[format]);
}

/** A real GC: vitest's workers run without --expose-gc, and the flag can be turned on here. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

let stack: Stack;
/** How many answers of each status the run got, for the report line. */
const statuses = new Map<number, number>();
const unexpected: unknown[] = [];
const onUnexpected = (error: unknown) => unexpected.push(error);

beforeAll(async () => {
  stack = await startStack({
    providers: [
      // The simulators run in this process: they keep no request log, so the heap measured is Lifeline's.
      { name: 'asim', simulator: { format: 'anthropic', maxRecordedRequests: 0 } },
      { name: 'osim', simulator: { format: 'openai', maxRecordedRequests: 0 } },
    ],
    routes: { 'claude-*': ['asim/*', 'osim/gpt-5'], 'gpt-*': ['osim/*', 'asim/claude-sonnet-4-5'] },
    server: { max_body_bytes: MAX_BODY_BYTES },
  });
  process.on('unhandledRejection', onUnexpected);
  process.on('uncaughtException', onUnexpected);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnexpected);
  process.off('uncaughtException', onUnexpected);
  await stack?.close();
});

describe('fuzzing every inbound endpoint with malformed bodies', () => {
  it('always answers in the caller\'s shape with a 4xx or a valid answer, holds nothing against a provider, and gives its memory back', async () => {
    const attemptLog = recordAttempts(stack);
    // Warm up (JIT, pools, first requests' allocations) before the baseline.
    for (const format of FORMATS) await check(format, { body: JSON.stringify(VALID[format]), contentType: 'application/json' });
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;

    const took: string[] = [];
    for (const format of FORMATS) {
      const startedAt = performance.now();
      await fc.assert(fc.asyncProperty(attempts(format), (attempt) => check(format, attempt)), { numRuns: RUNS_PER_ENDPOINT });
      took.push(`${format} ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
    }

    expect(unexpected).toEqual([]);
    await expectNothingHeldAgainstProviders(stack, attemptLog.events);
    attemptLog.dispose();
    // Still serving.
    for (const format of FORMATS) await check(format, { body: JSON.stringify(VALID[format]), contentType: 'application/json' });

    collectGarbage();
    const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    const answered = [...statuses].sort(([left], [right]) => left - right).map(([status, count]) => `${status} ×${count}`).join(', ');
    console.log(`fuzz: ${FORMATS.length * RUNS_PER_ENDPOINT} requests (${answered}); heap after GC ${grownMb >= 0 ? '+' : ''}${grownMb.toFixed(1)} MB against the start; ${took.join(', ')}`);
    // Loose on purpose: the process also holds vitest, the simulators and fast-check.
    expect(grownMb).toBeLessThan(16);
  }, 300_000);
});
