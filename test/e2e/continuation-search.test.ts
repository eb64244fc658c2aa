import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/start-stack.js';

// A continuation is one more step of the request's search: the same route, the same failure list
// and what is left of the same search budget (timeouts.total_ms), whose clock stops while an
// answer streams.
const ANSWER = 'Lifeline keeps the conversation going: every word of this answer arrives once, in order, even when the first provider breaks half way through the stream.';
const plain = { hedging: { enabled: false }, retries: { max_retries_per_target: 0 } };

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { name: 'apre', simulator: { format: 'anthropic', script: [{ reply: { text: ANSWER } }], chunkCount: 12 } },
      { name: 'aprimary', simulator: { format: 'anthropic', script: [{ reply: { text: ANSWER } }], chunkCount: 12 } },
      { name: 'afallback', simulator: { format: 'anthropic', script: [{ reply: { text: ANSWER } }], chunkCount: 12 } },
    ],
    routes: {
      'claude-budget-spent': { targets: ['apre/claude-p1', 'aprimary/claude-a1', 'afallback/claude-b1'], resilience: { ...plain, timeouts: { total_ms: 2_000, first_byte_ms: 2_000, first_token_ms: 1_000 } } },
      'claude-failed-continuation': { targets: ['apre/claude-p2', 'aprimary/claude-a2', 'afallback/claude-b2'], resilience: plain },
      'claude-long-stream': { targets: ['aprimary/claude-a3', 'afallback/claude-b3'], resilience: { ...plain, timeouts: { total_ms: 1_000, first_byte_ms: 1_000, idle_ms: 5_000 } } },
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
const streamError = async (model: string): Promise<Error> => {
  const stream = anthropic().messages.stream({ model, max_tokens: 300, messages: [{ role: 'user', content: 'tell me' }] });
  const error = await stream.finalMessage().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Anthropic.APIError);
  return error as Error;
};

describe('a continuation continues the search', () => {
  it('gets only what is left of the search budget: a continuation search that runs out of it ends with an error listing every attempt', async () => {
    // apre holds its first content past first_token_ms (1000 of the 2000 ms budget), aprimary
    // starts and breaks; the continuation asks apre again, and the <1000 ms left (or less, on a busy
    // machine) run out before it could fail on its own, so afallback, which would have answered
    // within a fresh budget, is never asked.
    stack.sims.apre!.control.addFault({ kind: 'slow-first-token', ms: 5_000, keepAliveMs: 200, persistent: true });
    stack.sims.aprimary!.control.addFault({ kind: 'error-event', afterEvents: 6 });
    const error = await streamError('claude-budget-spent');
    const message = error.message;
    expect(message).toMatch(/timeout/i);
    expect(message).toContain('stream broke after output began');
    expect(message.indexOf('apre/claude-p1')).toBeGreaterThanOrEqual(0);
    expect(message.indexOf('apre/claude-p1')).toBeLessThan(message.indexOf('aprimary/claude-a1'));
    expect(stack.sims.afallback!.control.requests()).toHaveLength(0);
  });

  it('ends a failed continuation with the one failure list: the attempts before the first segment, the broken segment, then the continuation attempts', async () => {
    stack.sims.apre!.control.addFault({ kind: 'status', status: 529, persistent: true });
    stack.sims.aprimary!.control.addFault({ kind: 'error-event', afterEvents: 6 });
    stack.sims.afallback!.control.addFault({ kind: 'status', status: 529, persistent: true });
    const message = (await streamError('claude-failed-continuation')).message;
    const first = message.indexOf('apre/claude-p2');
    const broken = message.indexOf('aprimary/claude-a2');
    const last = message.indexOf('afallback/claude-b2');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(broken);
    expect(broken).toBeLessThan(last);
    expect(message.slice(broken)).toMatch(/^aprimary\/claude-a2[^;]*\(stream broke after output began/);
    expect(message).toMatch(/All 4 route attempt\(s\) failed/);
  });

  it('stops the clock while an answer streams: a stream longer than total_ms is not cut by it', async () => {
    // The answer pauses for three times the whole budget half-way through, and goes on.
    stack.sims.aprimary!.control.addFault({ kind: 'stall-mid-stream', afterEvents: 6, ms: 3_000 });
    const stream = anthropic().messages.stream({ model: 'claude-long-stream', max_tokens: 300, messages: [{ role: 'user', content: 'tell me' }] });
    const message = await stream.finalMessage();
    expect(textOf(message)).toBe(ANSWER);
    expect(stack.sims.afallback!.control.requests()).toHaveLength(0);
  });
});
