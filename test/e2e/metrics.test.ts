import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/start-stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { name: 'primary', simulator: { format: 'anthropic' }, keys: ['sk-primary-secret-9999'] },
      { name: 'fallback', simulator: { format: 'openai' }, keys: ['sk-fallback-secret-7777'] },
    ],
    routes: { 'claude-*': ['primary/*', 'fallback/gpt-5'] },
  });
});
afterAll(async () => stack?.close());

describe('GET /metrics', () => {
  it('counts requests, attempts by class, failovers, TTFT and circuit states, without secrets', async () => {
    const client = new Anthropic({ baseURL: stack.anthropicBaseUrl, apiKey: 'client-key', maxRetries: 0 });
    stack.sims.primary!.control.addFault({ kind: 'status', status: 529, times: 2 });
    await client.messages.create({ model: 'claude-a', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] });
    await client.messages.stream({ model: 'claude-a', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();

    const response = await fetch(`${stack.lifeline.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/lifeline_requests_total\{path="\/v1\/messages",status="200"\} 2/);
    // claude-a failed before the primary ever answered it: counted under `other`, then by name.
    expect(text).toMatch(/lifeline_attempts_total\{provider="primary",model="other",outcome="failure",failure_class="overloaded",source="traffic"\} 2/);
    expect(text).toMatch(/lifeline_attempts_total\{provider="primary",model="claude-a",outcome="success",failure_class="",source="traffic"\} 1/);
    expect(text).toMatch(/lifeline_attempts_total\{provider="fallback",model="gpt-5",outcome="success",failure_class="",source="traffic"\} 1/);
    expect(text).toMatch(/lifeline_failovers_total\{target="fallback\/gpt-5"\} 1/);
    expect(text).toMatch(/lifeline_time_to_first_token_seconds_count\{provider="primary",model="claude-a"\} 1/);
    expect(text).toMatch(/lifeline_circuit_state\{breaker="target:primary\/\*"\} 0/);
    expect(text).toContain('lifeline_process_resident_memory_bytes');
    expect(text).not.toContain('secret');
  });
});
