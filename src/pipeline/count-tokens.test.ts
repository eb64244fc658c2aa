import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../canonical/index.js';
import { targetKey } from '../core/target-key.js';
import { UpstreamHttpError } from '../errors/index.js';
import type { AttemptEvent } from '../observability/gateway-events.js';
import type { AttemptContext, Credential, ProviderAdapter } from '../providers/provider-adapter.js';
import { DEFAULT_RESILIENCE } from '../resilience/resilience-options.js';
import { RouteTable } from '../routing/route-table.js';
import { estimateInputTokens } from './estimate-input-tokens.js';
import type { GatewayCall } from './gateway-call.js';
import { Gateway } from './gateway.js';
import { ResilienceState } from './resilience-state.js';

// count_tokens goes through the same pipeline as generation: breakers, key pools, attempt events,
// with Lifeline's own estimate as the last target.

const REQUEST: CanonicalRequest = { model: 'claude-x', messages: [{ role: 'user', content: [{ type: 'text', text: 'count me' }] }], stream: false };
const KEYS: Credential[] = [
  { label: 'key-1 …0001', secret: 'sk-counting-0001' },
  { label: 'key-2 …0002', secret: 'sk-counting-0002' },
];
const RATE_LIMITED = () => new UpstreamHttpError({ status: 429, failureClass: 'rate_limited', providerMessage: 'slow down', retryAfterMs: 60_000 });
const SERVER = () => new UpstreamHttpError({ status: 500, failureClass: 'server', providerMessage: 'boom' });

/** An adapter that counts 42 unless `fail` returns an error for the key it was given. */
function countingAdapter(id: string, fail: (key: string | undefined) => Error | undefined, options: { counts?: boolean } = {}) {
  const keysAsked: Array<string | undefined> = [];
  const adapter: ProviderAdapter = {
    id,
    type: 'anthropic',
    wireFormat: 'anthropic',
    doGenerate: () => Promise.reject(new Error('not asked')),
    doStream: () => Promise.reject(new Error('not asked')),
    close: async () => undefined,
    ...(options.counts === false
      ? {}
      : {
          async doCountTokens(_request: CanonicalRequest, attempt: AttemptContext) {
            keysAsked.push(attempt.credential?.label);
            const error = fail(attempt.credential?.label);
            if (error) throw error;
            return { inputTokens: 42, headers: {} };
          },
        }),
  };
  return { adapter, keysAsked };
}

function gatewayWith(primary: ProviderAdapter, other: ProviderAdapter) {
  const providers = new Map([
    ['primary', { adapter: primary, credentials: KEYS, keyOptional: false }],
    ['other', { adapter: other, credentials: [], keyOptional: true }],
  ]);
  const resilience = { ...DEFAULT_RESILIENCE, retries: { ...DEFAULT_RESILIENCE.retries, max_retries_per_target: 0 } };
  const routes = new RouteTable([{ pattern: 'claude-*', targets: [{ provider: 'other', model: 'gpt-x' }, { provider: 'primary', model: '*' }], longContext: [], resilience }]);
  const gateway = new Gateway(routes, providers, new ResilienceState(resilience, [['primary', KEYS]]));
  const events: AttemptEvent[] = [];
  gateway.events.onAttemptEnd((event) => events.push(event));
  return { gateway, events };
}

const call = (): GatewayCall => ({ request: REQUEST, signal: new AbortController().signal, passthrough: { format: 'anthropic', body: {}, query: '', headers: {} } });

describe('Gateway.countTokens', () => {
  it('asks only targets that can count, and reports the attempt like any other', async () => {
    const primary = countingAdapter('primary', () => undefined);
    const { gateway, events } = gatewayWith(primary.adapter, countingAdapter('other', () => undefined, { counts: false }).adapter);

    const counted = await gateway.countTokens(call());

    expect(counted).toMatchObject({ exact: true, inputTokens: 42, target: { provider: 'primary', model: 'claude-x' } });
    expect(events.map((event) => [event.provider, event.outcome])).toEqual([['primary', 'success']]);
  });

  it("moves to the provider's next key when one is rate-limited, and the key cools down", async () => {
    const primary = countingAdapter('primary', (key) => (key === KEYS[0]!.label ? RATE_LIMITED() : undefined));
    const { gateway, events } = gatewayWith(primary.adapter, countingAdapter('other', () => undefined, { counts: false }).adapter);

    const counted = await gateway.countTokens(call());

    expect(counted).toMatchObject({ exact: true, inputTokens: 42 });
    expect(primary.keysAsked).toEqual([KEYS[0]!.label, KEYS[1]!.label]);
    expect(events.map((event) => [event.outcome, event.failureClass, event.key])).toEqual([
      ['failure', 'rate_limited', KEYS[0]!.label],
      ['success', undefined, KEYS[1]!.label],
    ]);
    expect(gateway.resilience.keyPool('primary').states().find((key) => key.label === KEYS[0]!.label)?.status).toBe('cooling');
  });

  it("answers with its own estimate when every counting target fails, and the failures reach the target's breaker", async () => {
    const primary = countingAdapter('primary', () => SERVER());
    const { gateway } = gatewayWith(primary.adapter, countingAdapter('other', () => undefined, { counts: false }).adapter);
    const breaker = gateway.resilience.breakers.get(targetKey('primary', 'claude-x'));

    for (let request = 0; request < DEFAULT_RESILIENCE.breaker.consecutive_failures; request++) {
      const counted = await gateway.countTokens(call());
      expect(counted).toMatchObject({ exact: false, inputTokens: estimateInputTokens(REQUEST) });
    }
    expect(breaker.state.state).toBe('open');
    const asked = primary.keysAsked.length;
    // An open circuit is skipped without a request; the estimate still answers.
    const skipped = await gateway.countTokens(call());
    expect(skipped).toMatchObject({ exact: false, failures: [{ target: { provider: 'primary' }, skipped: 'circuit_open' }] });
    expect(primary.keysAsked).toHaveLength(asked);
  });

  it('is an estimate with no failures when no target can count', async () => {
    const { gateway, events } = gatewayWith(countingAdapter('primary', () => undefined, { counts: false }).adapter, countingAdapter('other', () => undefined, { counts: false }).adapter);
    expect(await gateway.countTokens(call())).toEqual({ exact: false, inputTokens: estimateInputTokens(REQUEST), failures: [] });
    expect(events).toEqual([]);
  });
});
