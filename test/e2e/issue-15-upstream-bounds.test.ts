import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FaultSpec } from '../../src/simulators/index.js';
import { recordAttempts } from '../support/provider-blame.js';
import { startStack, type Stack } from '../support/start-stack.js';

// Issue 15, item 5: upstream bodies were read whole (1 GB → 2.2 GB RSS, then a misclassed
// `network` failure), the SSE reader had no line limit, and an endless stream was never cut (the
// deadline is cleared once an answer starts). Each is now bounded and, being the provider's own
// doing, counted against it. Limits are small here so the attacks stay a few MB.

const MB = 1024 * 1024;
const STREAM_MAX_MS = 1_500;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { name: 'asim', simulator: { format: 'anthropic' } },
      { name: 'osim', simulator: { format: 'openai' } },
    ],
    routes: { 'claude-*': ['asim/*'], 'gpt-*': ['osim/*'] },
    config: {
      limits: { max_response_bytes: MB, max_error_body_bytes: 64 * 1024, max_sse_event_bytes: MB },
      // Breakers that never open, so each case meets the provider whatever the one before did.
      resilience: { timeouts: { idle_ms: 1_000, stream_max_ms: STREAM_MAX_MS }, breaker: { consecutive_failures: 1_000, minimum_volume: 1_000 } },
    },
  });
});
afterAll(async () => stack?.close());
afterEach(() => {
  for (const sim of Object.values(stack.sims)) sim.control.clearFaults();
});

type Format = 'anthropic' | 'openai';
const SIM: Record<Format, string> = { anthropic: 'asim', openai: 'osim' };

function send(format: Format, stream: boolean): Promise<Response> {
  const anthropic = format === 'anthropic';
  return fetch(`${stack.lifeline.url}${anthropic ? '/v1/messages' : '/v1/chat/completions'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(anthropic ? { 'x-api-key': 'sk-client', 'anthropic-version': '2023-06-01' } : { authorization: 'Bearer sk-client' }) },
    body: JSON.stringify({ model: anthropic ? 'claude-sonnet-4-6' : 'gpt-5', max_tokens: 50, stream, messages: [{ role: 'user', content: 'hi' }] }),
    // A safety net only: every case ends well before it.
    signal: AbortSignal.timeout(20_000),
  });
}

/** The error object of an error answer or of a stream's last event, in either format's envelope. */
function errorOf(format: Format, text: string): { type: string; message: string } {
  const json = text.trim().startsWith('{') ? text : text.trim().split('\n').filter((line) => line.startsWith('data: ')).at(-1)!.slice('data: '.length);
  const parsed = JSON.parse(json) as { type?: string; error: { type: string; message: string } };
  if (format === 'anthropic') expect(parsed.type).toBe('error');
  return parsed.error;
}

function addFault(format: Format, fault: FaultSpec): void {
  stack.sims[SIM[format]]!.control.addFault({ ...fault, persistent: true });
}

describe.each(['anthropic', 'openai'] as const)('bounded upstream answers (%s)', (format) => {
  it('a non-stream answer past limits.max_response_bytes is cut and answered 502, a bad answer of the provider', async () => {
    const attempts = recordAttempts(stack);
    addFault(format, { kind: 'huge-body', bytes: 8 * MB });
    const response = await send(format, false);
    const text = await response.text();
    expect(response.status, text).toBe(502);
    expect(errorOf(format, text).message).toContain('limits.max_response_bytes');
    expect(attempts.events.filter((event) => event.outcome === 'failure').map((event) => event.failureClass)).toEqual(['server', 'server']);
    attempts.dispose();
  });

  it('an error body past limits.max_error_body_bytes is cut and still classified by its status', async () => {
    const attempts = recordAttempts(stack);
    addFault(format, { kind: 'huge-error-body', status: 503, bytes: 8 * MB });
    const response = await send(format, false);
    const text = await response.text();
    // 503 is an overload for both adapters; Anthropic clients see it as 529 overloaded_error.
    expect(response.status, text).toBe(format === 'anthropic' ? 529 : 503);
    expect(errorOf(format, text).message).toContain('503');
    expect(new Set(attempts.events.map((event) => event.failureClass))).toEqual(new Set(['overloaded']));
    attempts.dispose();
  });

  it('one SSE line past limits.max_sse_event_bytes ends the stream with an error event, not a 1 GB heap', async () => {
    addFault(format, { kind: 'huge-sse-event', afterEvents: 3, bytes: 8 * MB });
    const response = await send(format, true);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text.length).toBeLessThan(MB);
    expect(errorOf(format, text).message).toContain('limits.max_sse_event_bytes');
  });

  it('an endless stream is cut at resilience.timeouts.stream_max_ms with a timeout error event', async () => {
    const attempts = recordAttempts(stack);
    addFault(format, { kind: 'endless-stream', afterEvents: 3, intervalMs: 20 });
    const response = await send(format, true);
    const text = await response.text();
    expect(text).toContain('and so on');
    const error = errorOf(format, text);
    expect(error.message).toContain('resilience.timeouts.stream_max_ms');
    expect(attempts.events.filter((event) => event.outcome === 'failure').map((event) => event.failureClass)).toEqual(['timeout']);
    attempts.dispose();
  });
});
