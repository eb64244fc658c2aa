import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNothingHeldAgainstProviders, recordAttempts } from '../support/provider-blame.js';
import { startStack, type Stack } from '../support/start-stack.js';

// Issue 15: generated malformed bodies at both inbound endpoints. Whatever arrives, the answer is
// an error in the caller's own shape with a 4xx status (or a valid answer, for input that happens
// to be valid), the process sees no unhandled rejection or uncaught exception, nothing is held
// against a provider, and memory is back near where it started.

const MAX_BODY_BYTES = 512 * 1024;
const RUNS_PER_ENDPOINT = 1000;

type Format = 'anthropic' | 'openai';
const ENDPOINT: Record<Format, string> = { anthropic: '/v1/messages', openai: '/v1/chat/completions' };
const AUTH: Record<Format, Record<string, string>> = {
  anthropic: { 'x-api-key': 'sk-client-fuzz', 'anthropic-version': '2023-06-01' },
  openai: { authorization: 'Bearer sk-client-fuzz' },
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
};
/** Every place a wrong value can go, as paths into VALID. */
const PATHS: Record<Format, string[][]> = {
  anthropic: [['model'], ['max_tokens'], ['stream'], ['system'], ['messages'], ['messages', '0'], ['messages', '0', 'role'], ['messages', '0', 'content'], ['messages', '0', 'content', '0'], ['messages', '0', 'content', '0', 'type'], ['messages', '0', 'content', '0', 'text'], ['tools'], ['tools', '0', 'name'], ['tools', '0', 'input_schema'], ['tool_choice'], ['temperature'], ['top_k'], ['stop_sequences'], ['metadata'], ['thinking'], ['__proto__']],
  openai: [['model'], ['max_tokens'], ['stream'], ['messages'], ['messages', '1'], ['messages', '1', 'role'], ['messages', '1', 'content'], ['messages', '0', 'content'], ['tools'], ['tools', '0', 'function'], ['tools', '0', 'function', 'parameters'], ['tool_choice'], ['temperature'], ['n'], ['stop'], ['response_format'], ['stream_options'], ['logit_bias'], ['__proto__']],
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
    { weight: 1, arbitrary: fc.integer({ min: 100_000, max: 700_000 }).map((length) => JSON.stringify(withValue(valid, format === 'anthropic' ? ['messages', '0', 'content', '0', 'text'] : ['messages', '1', 'content'], 'x'.repeat(length)))) },
    // Nesting in a tool's schema, where any JSON is allowed.
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 100, max: 6_000 }), fc.constantFrom('[', '{"a":')).map(([depth, open]) => text.replace('{"type":"string"}', `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2_000 }) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '{}', '[]', 'null', '{"model":', '\uFEFF{}', '{"__proto__":{"polluted":true}}', text + text, text.replace('{', '{"model":"x",')) },
  );
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    { weight: 2, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', undefined) },
  );
  return fc.record({ body, contentType });
}

/** What an error answer must look like in each format, exactly. */
function expectErrorShape(format: Format, body: unknown): void {
  if (format === 'anthropic') {
    expect(body).toMatchObject({ type: 'error', error: { type: expect.any(String), message: expect.any(String) } });
    expect(Object.keys((body as { error: object }).error).sort()).toEqual(['message', 'type']);
  } else {
    expect(Object.keys(body as object)).toEqual(['error']);
    expect(Object.keys((body as { error: object }).error).sort()).toEqual(['code', 'message', 'param', 'type']);
  }
}

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
    if (event.error !== undefined) expectErrorShape(format, event);
    else expect(event.type).toBe('message_stop');
    return;
  }
  const answer = JSON.parse(text) as { type?: string; object?: string };
  expect(format === 'anthropic' ? answer.type : answer.object).toBe(format === 'anthropic' ? 'message' : 'chat.completion');
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

describe('fuzzing both inbound endpoints with malformed bodies', () => {
  it('always answers in the caller\'s shape with a 4xx or a valid answer, holds nothing against a provider, and gives its memory back', async () => {
    const attemptLog = recordAttempts(stack);
    // Warm up (JIT, pools, first requests' allocations) before the baseline.
    for (const format of ['anthropic', 'openai'] as const) await check(format, { body: JSON.stringify(VALID[format]), contentType: 'application/json' });
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;

    for (const format of ['anthropic', 'openai'] as const) {
      await fc.assert(fc.asyncProperty(attempts(format), (attempt) => check(format, attempt)), { numRuns: RUNS_PER_ENDPOINT });
    }

    expect(unexpected).toEqual([]);
    await expectNothingHeldAgainstProviders(stack, attemptLog.events);
    attemptLog.dispose();
    // Still serving.
    for (const format of ['anthropic', 'openai'] as const) await check(format, { body: JSON.stringify(VALID[format]), contentType: 'application/json' });

    collectGarbage();
    const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    const answered = [...statuses].sort(([left], [right]) => left - right).map(([status, count]) => `${status} ×${count}`).join(', ');
    console.log(`fuzz: ${2 * RUNS_PER_ENDPOINT} requests (${answered}); heap after GC ${grownMb >= 0 ? '+' : ''}${grownMb.toFixed(1)} MB against the start`);
    // Loose on purpose: the process also holds vitest, the simulators and fast-check.
    expect(grownMb).toBeLessThan(16);
  });
});
