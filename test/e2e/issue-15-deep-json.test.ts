import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { primaryAndFallback, startStack, type Stack } from '../support/outage-stack.js';
import { expectNothingHeldAgainstProviders, recordAttempts } from '../support/provider-blame.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

// Issue 15, item 1: a body nesting a few thousand levels deep made Lifeline's own serialisation
// overflow the stack, was counted as a server failure of the provider, and three of them opened a
// healthy provider's circuit, put it at major outage, opened an incident and fired webhooks. Now
// it is a 400 at the door, and the provider's record stays clean.

const LEVELS = 5_000;
const deep = `${'['.repeat(LEVELS)}${']'.repeat(LEVELS)}`;

let stack: Stack;
let webhooks: WebhookReceiver;

beforeAll(async () => {
  webhooks = await startWebhookReceiver();
  stack = await startStack({
    ...primaryAndFallback(),
    routes: { 'claude-*': ['primary/*', 'fallback/gpt-5'], 'gpt-*': ['fallback/*', 'primary/claude-sonnet-4-5'] },
    // Incidents open at the first verdict that is not operational, so one would show at once.
    config: { incidents: { open_after_ms: 0 }, notifications: { webhooks: [{ name: 'ops', url: webhooks.url, secret: 'whsec-deep', format: 'json' }] } },
  });
});
afterAll(async () => {
  await stack?.close();
  await webhooks?.close();
});

/** Where a client may put free-form JSON: metadata, a tool's schema, a tool call's input. */
const DEEP = '"DEEP"';
const ATTACKS: Array<{ path: string; headers: Record<string, string>; body: Record<string, unknown> }> = [
  { path: '/v1/messages', headers: { 'x-api-key': 'sk-client', 'anthropic-version': '2023-06-01' }, body: { model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], metadata: { user_id: 'u', extra: 'DEEP' } } },
  { path: '/v1/messages', headers: { 'x-api-key': 'sk-client' }, body: { model: 'claude-sonnet-4-6', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }], tools: [{ name: 't', input_schema: { type: 'object', properties: { x: 'DEEP' } } }] } },
  { path: '/v1/messages/count_tokens', headers: { 'x-api-key': 'sk-client' }, body: { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 't', input: { x: 'DEEP' } }] }] } },
  { path: '/v1/chat/completions', headers: { authorization: 'Bearer sk-client' }, body: { model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'function', function: { name: 't', parameters: { type: 'object', properties: { x: 'DEEP' } } } }] } },
];

describe('a body nesting thousands of levels deep', () => {
  it('is a 400 in the caller\'s shape, three times over, and the providers stay healthy: circuits closed, status operational, no incident, no webhook', async () => {
    const attempts = recordAttempts(stack);
    for (let round = 0; round < 3; round++) {
      for (const attack of ATTACKS) {
        const body = JSON.stringify(attack.body).replace(DEEP, deep);
        const response = await fetch(`${stack.lifeline.url}${attack.path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...attack.headers }, body });
        const text = await response.text();
        expect(response.status, text).toBe(400);
        const error = JSON.parse(text) as { type?: string; error: { type: string; message: string } };
        if (attack.path.startsWith('/v1/messages')) expect(error.type).toBe('error');
        expect(error.error.type).toBe('invalid_request_error');
        expect(error.error.message).toContain('server.max_json_depth');
      }
    }
    expect(stack.sims.primary!.control.requests()).toEqual([]);
    expect(stack.sims.fallback!.control.requests()).toEqual([]);
    await expectNothingHeldAgainstProviders(stack, attempts.events, webhooks);

    // The provider still answers the same kind of request at an honest depth.
    // A tool schema over 100 levels deep is still within the default limit of 128.
    let schema: Record<string, unknown> = { type: 'string' };
    for (let level = 0; level < 50; level++) schema = { type: 'object', properties: { deep: schema } };
    const fine = await fetch(`${stack.lifeline.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sk-client' },
      body: JSON.stringify({ ...ATTACKS[1]!.body, stream: false, tools: [{ name: 't', input_schema: schema }] }),
    });
    expect(fine.status, await fine.clone().text()).toBe(200);
    expect(fine.headers.get('x-lifeline-provider')).toBe('primary');
    attempts.dispose();
  });
});
