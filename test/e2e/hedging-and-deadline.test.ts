import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/start-stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { name: 'slow', simulator: { format: 'anthropic' } },
      { name: 'quick', simulator: { format: 'openai' } },
    ],
    routes: {
      'claude-hedged': { targets: ['slow/claude-a', 'quick/gpt-b'], resilience: { hedging: { enabled: true, delay_ms: 200 } } },
      'claude-plain': { targets: ['slow/claude-a', 'quick/gpt-b'], resilience: { hedging: { enabled: false } } },
      // Hedging is on by default; a hanging primary must still be ejected.
      'claude-hedged-ejecting': { targets: ['slow/claude-c', 'quick/gpt-b'], resilience: { hedging: { delay_ms: 150 } } },
      'claude-alone': ['slow/claude-a'],
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

const client = (options: { timeout?: number } = {}) => new Anthropic({ baseURL: stack.anthropicBaseUrl, apiKey: 'client', maxRetries: 0, ...options });
const ask = { max_tokens: 50, messages: [{ role: 'user' as const, content: 'hi' }] };

describe('hedging', () => {
  it.each([false, true])('starts the next target when the first is silent past the delay, and the first answer wins (stream: %s)', async (stream) => {
    stack.sims.slow!.control.addFault({ kind: 'stall-before-first-byte', ms: 3_000, persistent: true });
    const startedAt = performance.now();
    const { data, response } = stream
      ? await client().messages.stream({ model: 'claude-hedged', ...ask }).withResponse().then(async ({ data: messageStream, response }) => ({ data: await messageStream.finalMessage(), response }))
      : await client().messages.create({ model: 'claude-hedged', ...ask }).withResponse();
    const elapsedMs = performance.now() - startedAt;
    expect(data.model).toBe('gpt-b');
    expect(response.headers.get('x-lifeline-target')).toBe('quick/gpt-b');
    // Both targets were asked: the slow one first, the hedge after the delay.
    expect(stack.sims.slow!.control.requests()).toHaveLength(1);
    expect(stack.sims.quick!.control.requests()).toHaveLength(1);
    // Well before the slow target would have answered (3 s).
    expect(elapsedMs).toBeLessThan(2_500);
  });

  it('counts a first attempt lost to the hedge against its target: a hanging primary is ejected', async () => {
    stack.sims.slow!.control.addFault({ kind: 'stall-before-first-byte', persistent: true, match: { model: 'claude-c' } });
    for (let request = 0; request < 7; request++) {
      const { response } = await client().messages.create({ model: 'claude-hedged-ejecting', ...ask }).withResponse();
      expect(response.headers.get('x-lifeline-target')).toBe('quick/gpt-b');
    }
    // Five hedges lost in a row (breaker.consecutive_failures) opened the primary's circuit: the later
    // requests never went there.
    expect(stack.sims.slow!.control.requests()).toHaveLength(5);
    expect(stack.sims.quick!.control.requests()).toHaveLength(7);
  });

  it('does not hedge a route with hedging off: the slow target answers after its stall', async () => {
    stack.sims.slow!.control.addFault({ kind: 'stall-before-first-byte', ms: 1_000, persistent: true });
    const { data, response } = await client().messages.create({ model: 'claude-plain', ...ask }).withResponse();
    expect(data.model).toBe('claude-a');
    expect(response.headers.get('x-lifeline-target')).toBe('slow/claude-a');
    expect(stack.sims.quick!.control.requests()).toHaveLength(0);
  });
});

describe("the client's own timeout", () => {
  it('answers with an honest timeout before the SDK gives up (x-stainless-timeout)', async () => {
    stack.sims.slow!.control.addFault({ kind: 'stall-before-first-byte', ms: 10_000, persistent: true });
    const startedAt = performance.now();
    // SDK 1.x sends x-stainless-timeout: 5; Lifeline keeps a one-second margin (answers at ~4 s).
    const error = await client({ timeout: 5_000 })
      .messages.create({ model: 'claude-alone', ...ask })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    const elapsedMs = performance.now() - startedAt;
    expect(error).toBeInstanceOf(Anthropic.APIError);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBe(504);
    expect(apiError.message).toMatch(/timeout/i);
    expect(apiError.headers?.get('x-should-retry')).toBe('false');
    expect(elapsedMs).toBeGreaterThan(3_500);
    expect(elapsedMs).toBeLessThan(4_900);
  });
});
