import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultSpec } from '../../src/simulators/index.js';
import { FALLBACK_KEY, MATRIX_IDLE_MS, MATRIX_RESILIENCE, PRIMARY_KEYS, SCRIPT_TEXT, matrixRoute, startMatrixStack } from '../support/fault-matrix-cases.js';
import { generationRequests, startResilienceStack, type ResilienceStack } from '../support/resilience-stack.js';
import { ask, rejectionOf, type SdkClient, type SdkObservation } from '../support/sdk-observation.js';

const CLIENTS: Array<'anthropic' | 'openai'> = ['anthropic', 'openai'];

/** The error either official SDK throws for a non-2xx answer. */
type ApiError = InstanceType<typeof Anthropic.APIError> | InstanceType<typeof OpenAI.APIError>;

let stack: ResilienceStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** The SDK's APIError of a failed call, with the checks every such error shares. */
async function apiErrorOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await rejectionOf(promise);
  if (!(error instanceof Anthropic.APIError) && !(error instanceof OpenAI.APIError)) throw error;
  return error;
}

/** Everything the client received of an error: status line aside, its headers and body as text. */
function visibleText(error: ApiError): string {
  return `${JSON.stringify([...error.headers!.entries()])}\n${JSON.stringify(error.error)}\n${error.message}`;
}

/** A status fault in the simulator's own error shape. */
const status = (code: number, extra: Partial<Extract<FaultSpec, { kind: 'status' }>> = {}): FaultSpec => ({ kind: 'status', status: code, persistent: true, ...extra });

/** The fallback's own words for an overload: Anthropic 529, OpenAI 503 "overloaded". */
const overloadFor = (format: 'anthropic' | 'openai') => (format === 'anthropic' ? status(529) : status(503));

describe('invalid_request is returned at once, with no failover', () => {
  for (const client of CLIENTS) {
    for (const stream of [false, true]) {
      it(`${client} SDK, ${stream ? 'streaming' : 'non-streaming'}`, async () => {
        stack = await startMatrixStack(client);
        const route = matrixRoute(client);
        const message = client === 'anthropic' ? 'messages.0.content.0.type: Input tag \'frobnicate\' found' : "Invalid value for 'messages[0].content[0].type': 'frobnicate'.";
        stack.sim('primary').control.addFault(status(400, { message }));
        const error = await apiErrorOf(ask(client, stack, route.model, stream));
        expect(error.status).toBe(400);
        expect(error.message).toContain(message);
        expect(error.headers?.get('x-should-retry')).toBe('false');
        expect(generationRequests(stack.sim('primary'))).toHaveLength(1);
        expect(generationRequests(stack.sim('fallback'))).toEqual([]);
      });
    }
  }
});

describe('context_too_long fails over only to long_context targets', () => {
  /** The primary's own way of saying the prompt does not fit. */
  const tooLong = (client: SdkClient): FaultSpec =>
    client === 'anthropic'
      ? status(400, { message: 'prompt is too long: 212000 tokens > 200000 maximum' })
      : status(400, { errorCode: 'context_length_exceeded' });

  async function startLongContextStack(client: 'anthropic' | 'openai'): Promise<ResilienceStack> {
    const route = matrixRoute(client);
    return startResilienceStack({
      providers: [
        { name: 'primary', simulator: { format: client, script: [{ reply: { text: SCRIPT_TEXT } }] } },
        { name: 'fallback', simulator: { format: route.fallbackFormat, script: [{ reply: { text: SCRIPT_TEXT } }] } },
        { name: 'bigctx', simulator: { format: route.fallbackFormat, script: [{ reply: { text: SCRIPT_TEXT } }] } },
      ],
      routes: {
        'with-long': { targets: [route.primaryTarget, route.fallbackTarget], long_context: ['bigctx/big-1m'] },
        'without-long': [route.primaryTarget, route.fallbackTarget],
      },
      resilience: MATRIX_RESILIENCE,
    });
  }

  for (const client of CLIENTS) {
    it(`${client} SDK: skips the ordinary fallback and goes to the long-context target`, async () => {
      stack = await startLongContextStack(client);
      const route = matrixRoute(client);
      stack.sim('primary').control.addFault(tooLong(client));
      const seen = await ask(client, stack, 'with-long', true);
      expect(seen.text).toBe(SCRIPT_TEXT);
      expect(seen.headers.target).toBe('bigctx/big-1m');
      expect(seen.model).toBe('big-1m');
      expect(seen.headers.attempts).toBe('2');
      expect(seen.headers.failovers).toBe(`${route.primaryTarget}=context_too_long`);
      expect(generationRequests(stack.sim('primary'))).toHaveLength(1);
      expect(generationRequests(stack.sim('fallback'))).toEqual([]);
      expect(generationRequests(stack.sim('bigctx'))).toHaveLength(1);
    });

    it(`${client} SDK: without long_context targets the error is returned, not failed over`, async () => {
      stack = await startLongContextStack(client);
      stack.sim('primary').control.addFault(tooLong(client));
      const error = await apiErrorOf(ask(client, stack, 'without-long', false));
      expect(error.status).toBe(400);
      expect(error.message).toMatch(client === 'anthropic' ? /prompt is too long/ : /maximum context length/);
      expect(generationRequests(stack.sim('primary'))).toHaveLength(1);
      expect(generationRequests(stack.sim('fallback'))).toEqual([]);
      expect(generationRequests(stack.sim('bigctx'))).toEqual([]);
    });
  }
});

describe('when every target fails', () => {
  const SECRETS = [PRIMARY_KEYS.valid, PRIMARY_KEYS.revoked, FALLBACK_KEY];

  function expectNoSecrets(error: ApiError): void {
    const visible = visibleText(error);
    for (const secret of SECRETS) {
      expect(visible).not.toContain(secret);
      // Not even the distinctive middle of a key.
      expect(visible).not.toContain(secret.slice(3, -6));
    }
  }

  for (const client of CLIENTS) {
    const route = matrixRoute(client);

    it(`${client} SDK: overload everywhere → the overload status, every attempt listed, x-should-retry: false, no keys`, async () => {
      stack = await startMatrixStack(client);
      stack.sim('primary').control.addFault(overloadFor(client));
      stack.sim('fallback').control.addFault(overloadFor(route.fallbackFormat));
      const error = await apiErrorOf(ask(client, stack, route.model, true));
      // Anthropic's overload status is 529; OpenAI clients get their API's 503.
      expect(error.status).toBe(client === 'anthropic' ? 529 : 503);
      expect(error.headers?.get('x-should-retry')).toBe('false');
      expect(error.headers?.get('x-lifeline-attempts')).toBe('4');
      // One retry each (overloaded), in route order.
      const listed = [...error.message.matchAll(/(primary|fallback)\/[\w-]+/g)].map((match) => match[0]);
      expect(listed).toEqual([route.primaryTarget, route.primaryTarget, route.fallbackTarget, route.fallbackTarget]);
      expect(error.message.match(/overloaded/g)?.length ?? 0).toBeGreaterThanOrEqual(4);
      expectNoSecrets(error);
      expect(generationRequests(stack.sim('primary'))).toHaveLength(2);
      expect(generationRequests(stack.sim('fallback'))).toHaveLength(2);
    });

    it(`${client} SDK: short rate limits everywhere → 429 with retry-after, and the client may retry`, async () => {
      stack = await startMatrixStack(client);
      stack.sim('primary').control.addFault(status(429, { retryAfterSeconds: 2 }));
      stack.sim('fallback').control.addFault(status(429, { retryAfterSeconds: 3 }));
      const error = await apiErrorOf(ask(client, stack, route.model, false));
      expect(error.status).toBe(429);
      const retryAfter = Number(error.headers?.get('retry-after'));
      // The shortest wait any target asked for (the client may round up to whole seconds).
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(2);
      expect(error.headers?.get('x-should-retry')).toBe('true');
      expect(error.message).toContain(route.primaryTarget);
      expect(error.message).toContain(route.fallbackTarget);
      expectNoSecrets(error);
      // Rate limits are the key's: no same-target retry, each target tried once.
      expect(generationRequests(stack.sim('primary'))).toHaveLength(1);
      expect(generationRequests(stack.sim('fallback'))).toHaveLength(1);
    });

    it(`${client} SDK: long rate limits everywhere → 429, but x-should-retry: false`, async () => {
      stack = await startMatrixStack(client);
      stack.sim('primary').control.addFault(status(429, { retryAfterSeconds: 3600 }));
      stack.sim('fallback').control.addFault(status(429, { retryAfterSeconds: 3600 }));
      const error = await apiErrorOf(ask(client, stack, route.model, true));
      expect(error.status).toBe(429);
      expect(error.headers?.get('x-should-retry')).toBe('false');
      expectNoSecrets(error);
    });

    it(`${client} SDK: the dominant class speaks for a mixed failure`, async () => {
      stack = await startMatrixStack(client);
      // Primary: one rate-limited attempt; fallback: two overloaded ones (retry included).
      stack.sim('primary').control.addFault(status(429, { retryAfterSeconds: 1 }));
      stack.sim('fallback').control.addFault(overloadFor(route.fallbackFormat));
      const error = await apiErrorOf(ask(client, stack, route.model, false));
      expect(error.status).toBe(client === 'anthropic' ? 529 : 503);
      expect(error.headers?.get('x-should-retry')).toBe('false');
      expect(error.message).toMatch(/rate_limited/);
      expect(error.message).toMatch(/overloaded/);
    });
  }
});

describe('breakers and key cooldowns remember between requests', () => {
  for (const client of CLIENTS) {
    const route = matrixRoute(client);

    it(`${client} SDK: an open circuit skips the dead target without sending it anything, and closes again`, async () => {
      stack = await startMatrixStack(client, { resilience: { breaker: { consecutive_failures: 2, base_ejection_time_ms: 400 } } });
      const primary = stack.sim('primary');
      primary.control.addFault(overloadFor(client));
      // Two overloaded attempts (the retry included) open the primary's circuit.
      const first = await ask(client, stack, route.model, true);
      expect(first.headers.target).toBe(route.fallbackTarget);
      expect(generationRequests(primary)).toHaveLength(2);

      primary.control.clearRequests();
      const second = await ask(client, stack, route.model, true);
      expect(second.text).toBe(SCRIPT_TEXT);
      expect(second.headers.target).toBe(route.fallbackTarget);
      expect(second.headers.failovers).toContain(route.primaryTarget);
      expect(generationRequests(primary)).toEqual([]);

      // After the ejection time one probe goes through; the primary has recovered, so it answers.
      primary.control.clearFaults();
      await new Promise((resolve) => setTimeout(resolve, 500));
      const third = await ask(client, stack, route.model, false);
      expect(third.headers.target).toBe(route.primaryTarget);
      expect(third.headers.attempts).toBe('1');
      expect(generationRequests(primary)).toHaveLength(1);
    });

    it(`${client} SDK: a target whose streams keep breaking mid-way opens its circuit too`, async () => {
      stack = await startMatrixStack(client, { resilience: { breaker: { consecutive_failures: 2, base_ejection_time_ms: 60_000 } } });
      const primary = stack.sim('primary');
      // Every stream from the primary stalls after a few text deltas; each is continued on the fallback after idle_ms.
      primary.control.addFault({ kind: 'stall-mid-stream', afterEvents: 5, persistent: true });
      const seen: SdkObservation[] = [];
      for (let request = 0; request < 4; request++) seen.push(await ask(client, stack, route.model, true));
      for (const answer of seen) expect(answer.text).toBe(SCRIPT_TEXT);
      // Two broken streams are two failures of the primary: later requests must not wait on it again.
      expect(generationRequests(primary)).toHaveLength(2);
      expect(seen[3]!.headers.target).toBe(route.fallbackTarget);
      expect(seen[3]!.durationMs).toBeLessThan(MATRIX_IDLE_MS);
    });

    it(`${client} SDK: x-lifeline-attempts counts requests sent, not targets skipped by an open circuit`, async () => {
      stack = await startMatrixStack(client, { resilience: { breaker: { consecutive_failures: 2, base_ejection_time_ms: 60_000 } } });
      const primary = stack.sim('primary');
      primary.control.addFault(overloadFor(client));
      await ask(client, stack, route.model, false);
      primary.control.clearRequests();
      const skipped = await ask(client, stack, route.model, false);
      expect(skipped.headers.target).toBe(route.fallbackTarget);
      expect(generationRequests(primary)).toEqual([]);
      // One request was sent (to the fallback). Lifeline's own all-targets-failed error already
      // counts this way: render-gateway-error.ts leaves skipped attempts out of x-lifeline-attempts.
      expect(skipped.headers.attempts).toBe('1');
    });

    it(`${client} SDK: a rate-limited key cools down until its retry-after, then is used again`, async () => {
      stack = await startMatrixStack(client);
      const primary = stack.sim('primary');
      primary.control.addFault({ ...status(429, { retryAfterSeconds: 1 }), persistent: false });
      const first = await ask(client, stack, route.model, false);
      expect(first.headers.target).toBe(route.fallbackTarget);
      expect(generationRequests(primary)).toHaveLength(1);

      primary.control.clearRequests();
      const second = await ask(client, stack, route.model, true);
      expect(second.headers.target).toBe(route.fallbackTarget);
      expect(generationRequests(primary)).toEqual([]);

      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const third = await ask(client, stack, route.model, true);
      expect(third.headers.target).toBe(route.primaryTarget);
      expect(third.headers.attempts).toBe('1');
      expect(generationRequests(primary)).toHaveLength(1);
    });
  }
});

describe('a 429 with a short retry-after and no other key: the route decides between waiting and failing over', () => {
  for (const client of CLIENTS) {
    const route = matrixRoute(client);
    it(`${client} SDK: on_rate_limit: wait waits for the key and the primary answers, this request and the next`, async () => {
      stack = await startMatrixStack(client, { resilience: { retries: { on_rate_limit: 'wait', max_retry_after_ms: 2_000 } } });
      const primary = stack.sim('primary');
      primary.control.addFault({ ...status(429, { retryAfterSeconds: 1 }), persistent: false });
      const first = await ask(client, stack, route.model, true);
      expect(first.text).toBe(SCRIPT_TEXT);
      expect(first.headers.target).toBe(route.primaryTarget);
      expect(first.headers.failovers).toBe(`${route.primaryTarget}=rate_limited`);
      // The retry came after the provider's second of retry-after.
      const [limited, retried] = generationRequests(primary);
      expect(retried!.receivedAt - limited!.receivedAt).toBeGreaterThanOrEqual(950);
      expect(generationRequests(primary)).toHaveLength(2);
      expect(generationRequests(stack.sim('fallback'))).toEqual([]);

      // The key cooled down for that second and is usable again: nothing to wait for now.
      const second = await ask(client, stack, route.model, false);
      expect(second.headers.target).toBe(route.primaryTarget);
      expect(generationRequests(stack.sim('fallback'))).toEqual([]);
    });

    it(`${client} SDK: a request that finds the only key cooling waits for it too (on_rate_limit: wait)`, async () => {
      stack = await startMatrixStack(client, { resilience: { retries: { on_rate_limit: 'wait', max_retry_after_ms: 2_000 } } });
      const primary = stack.sim('primary');
      primary.control.addFault({ ...status(429, { retryAfterSeconds: 1 }), persistent: false });
      const [first, second] = await Promise.all([ask(client, stack, route.model, false), new Promise((resolve) => setTimeout(resolve, 200)).then(() => ask(client, stack!, route.model, true))]);
      expect(first.headers.target).toBe(route.primaryTarget);
      expect(second.headers.target).toBe(route.primaryTarget);
      expect(generationRequests(stack.sim('fallback'))).toEqual([]);
    });

    it(`${client} SDK: by default (on_rate_limit: fail_over) the fallback answers at once`, async () => {
      stack = await startMatrixStack(client);
      stack.sim('primary').control.addFault({ ...status(429, { retryAfterSeconds: 1 }), persistent: false });
      const seen = await ask(client, stack, route.model, true);
      expect(seen.headers.target).toBe(route.fallbackTarget);
      expect(generationRequests(stack.sim('primary'))).toHaveLength(1);
    });
  }
});
