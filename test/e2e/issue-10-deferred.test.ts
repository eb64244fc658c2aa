import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { verifySignature } from '../../src/notifications/webhook-signature.js';
import type { SimulatorHandle } from '../../src/simulators/index.js';
import { startStack, type Stack } from '../support/start-stack.js';
import { waitUntil } from '../support/wait-until.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * Issue 10, "nothing lost when every route is down", in one process: deferred requests through
 * both official SDKs (streaming and not), polled and called back; the stale-if-error cache and
 * the configured answer in both protocols; the order between them; 400-class never softened.
 */

const CALLBACK_SECRET = 'cbsec-deferred-4e1f';
const acceptedSchema = z.object({ id: z.string().regex(/^job_[a-z2-7]{26}$/), status: z.literal('queued'), poll_url: z.string() }).strict();
const jobSchema = z.object({ id: z.string(), status: z.string(), attempts: z.number(), response: z.unknown().optional(), error: z.unknown().optional() }).loose();

let stack: Stack;
let receiver: WebhookReceiver;
let anthropic: Anthropic;
let openai: OpenAI;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  stack = await startStack({
    providers: [
      { name: 'primary', simulator: { format: 'anthropic' } },
      { name: 'fallback', simulator: { format: 'openai' } },
    ],
    routes: {
      // Deferral only when asked; no cache, no answer: the honest error otherwise.
      'claude-plain': ['primary/*', 'fallback/gpt-5'],
      'claude-cached': { targets: ['primary/*', 'fallback/gpt-5'], degrade: { cache: { ttl_s: 600, max_entries: 10 }, answer: 'Our assistant is unavailable right now.' } },
      'gpt-answer': { targets: ['fallback/*', 'primary/claude-fallback'], degrade: { answer: 'Please try again in a few minutes.' } },
      'gpt-defer': { targets: ['fallback/*'], defer: true },
    },
    config: {
      resilience: { retries: { max_retries_per_target: 0 }, breaker: { base_ejection_time_ms: 300, max_ejection_time_ms: 300 } },
      deferred: { poll_ms: 100, lease_ms: 2_000, callback_secret: CALLBACK_SECRET, callback_base_delay_ms: 50 },
    },
  });
  anthropic = new Anthropic({ baseURL: stack.anthropicBaseUrl, apiKey: 'client-key', maxRetries: 0 });
  openai = new OpenAI({ baseURL: stack.openaiBaseUrl, apiKey: 'client-key', maxRetries: 0 });
});
afterAll(async () => {
  await stack?.close();
  await receiver?.close();
});
afterEach(() => {
  for (const sim of sims()) {
    sim.control.clearFaults();
    sim.control.clearRequests();
  }
});

function sims(): SimulatorHandle[] {
  return [stack.sims.primary!, stack.sims.fallback!];
}

/** Every target answers the way an outage does: 529 overloaded from Anthropic, 503 from OpenAI. */
function everyRouteDown(): void {
  stack.sims.primary!.control.addFault({ kind: 'status', status: 529, errorType: 'overloaded_error', persistent: true });
  stack.sims.fallback!.control.addFault({ kind: 'status', status: 503, persistent: true });
}

function recover(): void {
  for (const sim of sims()) sim.control.clearFaults();
}

/** Requests a simulator answered in full whose last user text contains `tag`. */
function answeredWith(sim: SimulatorHandle, tag: string): number {
  return sim.control.requests().filter((request) => request.outcome?.status === 200 && request.outcome.complete && JSON.stringify(request.body).includes(tag)).length;
}

async function poll(url: string, headers: Record<string, string> = {}): Promise<z.infer<typeof jobSchema>> {
  const { value } = await waitUntil(
    async () => {
      const job = jobSchema.parse(await (await fetch(`${stack.lifeline.url}${url}`, { headers })).json());
      return job.status === 'queued' || job.status === 'running' ? undefined : job;
    },
    { timeoutMs: 15_000, intervalMs: 50, description: `job ${url} to finish` },
  );
  return value;
}

describe('deferred requests (issue 10)', () => {
  it('accepts an Anthropic request when every target is down, runs it once on recovery, and returns the Messages answer', async () => {
    everyRouteDown();
    const raw = await anthropic.messages
      .create({ model: 'claude-plain', max_tokens: 64, messages: [{ role: 'user', content: 'deferred-anthropic-1' }] }, { headers: { 'x-lifeline-defer': 'true' } })
      .asResponse();
    expect(raw.status).toBe(202);
    const accepted = acceptedSchema.parse(await raw.json());
    expect(raw.headers.get('location')).toBe(`/lifeline/jobs/${accepted.id}`);
    expect(accepted.poll_url).toBe(`/lifeline/jobs/${accepted.id}`);
    const queued = jobSchema.parse(await (await fetch(`${stack.lifeline.url}${accepted.poll_url}`)).json());
    expect(['queued', 'running']).toContain(queued.status);
    expect(queued.response).toBeUndefined();

    recover();
    const done = await poll(accepted.poll_url);
    expect(done.status).toBe('succeeded');
    expect(done.attempts).toBeGreaterThanOrEqual(1);
    const message = z.object({ type: z.literal('message'), role: z.literal('assistant'), stop_reason: z.literal('end_turn'), content: z.array(z.object({ type: z.literal('text'), text: z.string().min(1) }).loose()).min(1) }).loose().parse(done.response);
    expect(message.content[0]!.text).toMatch(/\S/);
    expect(answeredWith(stack.sims.primary!, 'deferred-anthropic-1') + answeredWith(stack.sims.fallback!, 'deferred-anthropic-1')).toBe(1);
  });

  it('gives a streaming OpenAI request, deferred by its route, the non-streaming chat.completion and a signed callback', async () => {
    everyRouteDown();
    const raw = await openai.chat.completions
      .create({ model: 'gpt-defer', stream: true, messages: [{ role: 'user', content: 'deferred-openai-stream-1' }] }, { headers: { 'x-lifeline-callback-url': receiver.url } })
      .asResponse();
    expect(raw.status).toBe(202);
    expect(raw.headers.get('content-type')).toMatch(/application\/json/);
    const accepted = acceptedSchema.parse(await raw.json());
    recover();
    const done = await poll(accepted.poll_url);
    expect(done.status).toBe('succeeded');
    const completion = z.object({ object: z.literal('chat.completion'), choices: z.array(z.object({ finish_reason: z.literal('stop'), message: z.object({ content: z.string().min(1) }).loose() }).loose()).length(1) }).loose().parse(done.response);
    expect(completion.choices[0]!.message.content).toMatch(/\S/);
    const sent = stack.sims.fallback!.control.requests().find((request) => request.outcome?.status === 200 && JSON.stringify(request.body).includes('deferred-openai-stream-1'));
    expect((sent?.body as { stream?: unknown }).stream).toBeUndefined();
    expect(answeredWith(stack.sims.fallback!, 'deferred-openai-stream-1')).toBe(1);

    const { value: delivery } = await waitUntil(() => receiver.received.find((entry) => entry.deliveryId === accepted.id), { timeoutMs: 5_000, description: 'the job callback' });
    expect(delivery.event).toBe('job.succeeded');
    expect(verifySignature(delivery.rawBody, delivery.signature, CALLBACK_SECRET, 60_000)).toBe(true);
    expect(verifySignature(delivery.rawBody, delivery.signature, 'another-secret', 60_000)).toBe(false);
    expect(jobSchema.parse(JSON.parse(delivery.rawBody))).toMatchObject({ id: accepted.id, status: 'succeeded', response: completion });
  });

  it('never defers a 400-class failure: a malformed request and a provider refusal fail at once', async () => {
    const invalid = await fetch(`${stack.lifeline.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lifeline-defer': 'true' },
      body: JSON.stringify({ model: 'claude-plain', messages: [{ role: 'user', content: 'no max_tokens' }] }),
    });
    expect(invalid.status).toBe(400);
    stack.sims.primary!.control.addFault({ kind: 'status', status: 400, errorType: 'invalid_request_error', message: 'prompt is malformed', persistent: true });
    await expect(anthropic.messages.create({ model: 'claude-plain', max_tokens: 16, messages: [{ role: 'user', content: 'refused' }] }, { headers: { 'x-lifeline-defer': 'true' } })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('prompt is malformed'),
    });
    await expect(anthropic.messages.create({ model: 'claude-plain', max_tokens: 16, messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-lifeline-defer': 'soon' } })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('x-lifeline-defer must be'),
    });
    await expect(
      anthropic.messages.create({ model: 'claude-plain', max_tokens: 16, messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-lifeline-defer': 'true', 'x-lifeline-callback-url': 'ftp://example.invalid/x' } }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('x-lifeline-callback-url') });
    // Nothing was kept: no job ran once the provider answered again.
    expect(stack.sims.fallback!.control.requests()).toEqual([]);
  });

  it('answers an outage with the honest error when the request did not ask to be deferred', async () => {
    everyRouteDown();
    const failure = await anthropic.messages.create({ model: 'claude-plain', max_tokens: 16, messages: [{ role: 'user', content: 'no defer' }] }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    expect((failure as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect((failure as InstanceType<typeof Anthropic.APIError>).headers?.get('x-should-retry')).toBe('false');
  });

  it('hides a job from anyone but the client key that deferred it (unknown ids look the same)', async () => {
    const missing = await fetch(`${stack.lifeline.url}/lifeline/jobs/job_aaaaaaaaaaaaaaaaaaaaaaaaaa`);
    expect(missing.status).toBe(404);
    const malformed = await fetch(`${stack.lifeline.url}/lifeline/jobs/../admin`);
    expect(malformed.status).toBe(404);
  });
});

describe('stale-if-error cache and configured answer (issue 10)', () => {
  it('serves the last answer to the same request, streaming or not, marked stale, only when every target fails', async () => {
    const question = { model: 'claude-cached', max_tokens: 64, messages: [{ role: 'user' as const, content: 'cache me please' }] };
    const fresh = await anthropic.messages.create(question).withResponse();
    expect(fresh.response.headers.get('x-lifeline-cache')).toBeNull();
    const text = (fresh.data.content[0] as { text: string }).text;

    everyRouteDown();
    const stale = await anthropic.messages.create(question).withResponse();
    expect(stale.response.headers.get('x-lifeline-cache')).toBe('stale');
    expect((stale.data.content[0] as { text: string }).text).toBe(text);

    const stream = anthropic.messages.stream(question);
    const final = await stream.finalMessage();
    expect((final.content[0] as { text: string }).text).toBe(text);
    expect(final.stop_reason).toBe('end_turn');

    // A different question has no cached answer: the route's configured answer stands in.
    const other = await anthropic.messages.create({ ...question, messages: [{ role: 'user', content: 'never asked before' }] }).withResponse();
    expect(other.response.headers.get('x-lifeline-cache')).toBeNull();
    expect(other.response.headers.get('x-lifeline-degraded')).toBe('answer');
    expect((other.data.content[0] as { text: string }).text).toBe('Our assistant is unavailable right now.');

    // Cache hit first, then defer: a cached question is answered even when deferral is asked.
    const cachedDeferred = await anthropic.messages.create(question, { headers: { 'x-lifeline-defer': 'true' } }).withResponse();
    expect(cachedDeferred.response.headers.get('x-lifeline-cache')).toBe('stale');
    // Defer before the configured answer.
    const deferred = await anthropic.messages.create({ ...question, messages: [{ role: 'user', content: 'defer over answer' }] }, { headers: { 'x-lifeline-defer': 'true' } }).asResponse();
    expect(deferred.status).toBe(202);

    const metrics = await (await fetch(`${stack.lifeline.url}/metrics`)).text();
    expect(metrics).toMatch(/lifeline_degraded_answers_total\{kind="stale_cache",route="claude-cached"\} 3/);
    expect(metrics).toMatch(/lifeline_degraded_answers_total\{kind="configured_answer",route="claude-cached"\} 1/);
  });

  it('gives the configured answer in the OpenAI shape, streaming and not, ending with finish_reason stop', async () => {
    everyRouteDown();
    const plain = await openai.chat.completions.create({ model: 'gpt-answer', messages: [{ role: 'user', content: 'hello?' }] }).withResponse();
    expect(plain.response.status).toBe(200);
    expect(plain.response.headers.get('x-lifeline-degraded')).toBe('answer');
    expect(plain.data.choices[0]!.message.content).toBe('Please try again in a few minutes.');
    expect(plain.data.choices[0]!.finish_reason).toBe('stop');
    expect(plain.data.model).toBe('gpt-answer');

    const stream = await openai.chat.completions.create({ model: 'gpt-answer', stream: true, messages: [{ role: 'user', content: 'hello?' }] });
    let text = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toBe('Please try again in a few minutes.');
    expect(finish).toBe('stop');
  });
});

describe('deferral per client key (issue 10)', () => {
  const ADMIN_TOKEN = 'admin-token-deferred-keys';
  let keyed: Stack;

  beforeAll(async () => {
    keyed = await startStack({
      providers: [{ name: 'primary', simulator: { format: 'anthropic' } }],
      routes: { 'claude-*': ['primary/*'] },
      config: { admin: { token: ADMIN_TOKEN }, resilience: { retries: { max_retries_per_target: 0 }, breaker: { base_ejection_time_ms: 300, max_ejection_time_ms: 300 } }, deferred: { poll_ms: 100 } },
    });
  });
  afterAll(async () => {
    await keyed?.close();
  });

  async function createKey(name: string, defer: boolean): Promise<string> {
    const response = await fetch(`${keyed.lifeline.url}/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, defer }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { key: string }).key;
  }

  it('defers the requests of a key that asks for it, and shows the job to that key only', async () => {
    const deferring = await createKey('batch-jobs', true);
    const other = await createKey('interactive', false);
    keyed.sims.primary!.control.addFault({ kind: 'status', status: 529, errorType: 'overloaded_error', persistent: true });
    const question = { model: 'claude-keyed', max_tokens: 32, messages: [{ role: 'user' as const, content: 'keyed deferral' }] };

    const accepted = await new Anthropic({ baseURL: keyed.anthropicBaseUrl, apiKey: deferring, maxRetries: 0 }).messages.create(question).asResponse();
    expect(accepted.status).toBe(202);
    const { poll_url: pollUrl } = acceptedSchema.parse(await accepted.json());
    await expect(new Anthropic({ baseURL: keyed.anthropicBaseUrl, apiKey: other, maxRetries: 0 }).messages.create(question)).rejects.toMatchObject({ status: 529 });
    // The deferring key itself can still say no.
    await expect(new Anthropic({ baseURL: keyed.anthropicBaseUrl, apiKey: deferring, maxRetries: 0 }).messages.create(question, { headers: { 'x-lifeline-defer': 'false' } })).rejects.toMatchObject({ status: 529 });

    expect((await fetch(`${keyed.lifeline.url}${pollUrl}`, { headers: { 'x-api-key': other } })).status).toBe(404);
    expect((await fetch(`${keyed.lifeline.url}${pollUrl}`)).status).toBe(401);
    const own = await fetch(`${keyed.lifeline.url}${pollUrl}`, { headers: { 'x-api-key': deferring } });
    expect(own.status).toBe(200);
    expect(jobSchema.parse(await own.json()).status).toMatch(/^(queued|running)$/);

    keyed.sims.primary!.control.clearFaults();
    const { value: done } = await waitUntil(
      async () => {
        const job = jobSchema.parse(await (await fetch(`${keyed.lifeline.url}${pollUrl}`, { headers: { authorization: `Bearer ${deferring}` } })).json());
        return job.status === 'succeeded' ? job : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 100, description: 'the keyed job to succeed' },
    );
    expect(done.response).toMatchObject({ type: 'message', stop_reason: 'end_turn' });
  });
});
