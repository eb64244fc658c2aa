import { describe, expect, it } from 'vitest';
import type { CanonicalRequest, StreamPart } from '../canonical/index.js';
import { LifelineError, UpstreamHttpError, type GatewayError } from '../errors/index.js';
import type { AttemptEvent } from '../observability/gateway-events.js';
import type { ProviderAdapter } from '../providers/provider-adapter.js';
import { DEFAULT_RESILIENCE } from '../resilience/resilience-options.js';
import { RouteTable } from '../routing/route-table.js';
import type { GatewayCall } from './gateway-call.js';
import { Gateway } from './gateway.js';
import { targetKey } from '../core/target-key.js';
import { ResilienceState } from './resilience-state.js';

// Only the provider's own answers count against it: whatever Lifeline's code throws during an
// attempt is a LifelineError that ends the request and leaves every piece of state untouched.

const REQUEST: CanonicalRequest = { model: 'claude-x', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: false };
const KEY = { label: 'key-1 …0001', secret: 'sk-primary-0001' };

/** An adapter whose every attempt fails with `failure()` (thrown, or as a stream's first part). */
function failingAdapter(id: string, failure: () => unknown): ProviderAdapter & { calls: number } {
  const adapter = {
    id,
    type: 'anthropic',
    wireFormat: 'anthropic' as const,
    calls: 0,
    async doGenerate() {
      adapter.calls++;
      throw failure();
    },
    async doStream() {
      adapter.calls++;
      const parts: StreamPart[] = [{ type: 'stream-start' }, { type: 'error', error: failure() }];
      return { stream: (async function* () { yield parts; })(), headers: {} };
    },
    close: async () => undefined,
  };
  return adapter;
}

function gatewayWith(primary: ProviderAdapter) {
  const fallback = failingAdapter('fallback', () => new Error('the fallback must not be asked'));
  const providers = new Map([
    ['primary', { adapter: primary, credentials: [KEY], keyOptional: false }],
    ['fallback', { adapter: fallback, credentials: [], keyOptional: true }],
  ]);
  const routes = new RouteTable([
    { pattern: 'claude-*', targets: [{ provider: 'primary', model: '*' }, { provider: 'fallback', model: 'gpt-5' }], longContext: [], resilience: DEFAULT_RESILIENCE },
  ]);
  const gateway = new Gateway(routes, providers, new ResilienceState(DEFAULT_RESILIENCE, [['primary', [KEY]]]));
  const events: AttemptEvent[] = [];
  gateway.events.onAttemptEnd((event) => events.push(event));
  return { gateway, events, fallback };
}

function call(stream: boolean): GatewayCall {
  return { request: { ...REQUEST, stream }, signal: new AbortController().signal, passthrough: { format: 'anthropic', body: {}, query: '', headers: {} } };
}

/** Runs `attempts` requests and returns what each one threw. */
async function failures(gateway: Gateway, stream: boolean, attempts: number): Promise<GatewayError[]> {
  const thrown: GatewayError[] = [];
  for (let index = 0; index < attempts; index++) {
    const run = stream ? gateway.stream(call(true)) : gateway.generate(call(false));
    await run.then(
      () => expect.unreachable('the request must fail'),
      (error: unknown) => thrown.push(error as GatewayError),
    );
  }
  return thrown;
}

const ATTEMPTS = DEFAULT_RESILIENCE.breaker.consecutive_failures + 2;

describe.each([false, true])('an attempt that fails inside Lifeline (stream %s)', (stream) => {
  it.each([
    ['a stack overflow', () => new RangeError('Maximum call stack size exceeded')],
    ['a serialisation failure', () => new TypeError('Do not know how to serialize a BigInt')],
    ['a thrown non-error', () => 'boom'],
    ['a resource exhaustion', () => new LifelineError('resource_exhausted', { errno: 'EMFILE' })],
  ])('%s is a 500 LifelineError that records nothing against the target, its key or its health', async (_name, failure) => {
    const primary = failingAdapter('primary', failure);
    const { gateway, events, fallback } = gatewayWith(primary);

    const thrown = await failures(gateway, stream, ATTEMPTS);

    expect(thrown.every((error) => error instanceof LifelineError && error.statusCode === 500 && error.failureClass === 'internal')).toBe(true);
    // One attempt per request: no retry, no failover (another target would meet the same Lifeline).
    expect(primary.calls).toBe(ATTEMPTS);
    expect(fallback.calls).toBe(0);
    expect(events).toEqual([]);
    expect(gateway.resilience.breakers.get(targetKey('primary', 'claude-x')).state.state).toBe('closed');
    expect(gateway.resilience.lastFailure.size).toBe(0);
    expect(gateway.resilience.keyPool('primary').states().every((key) => key.status !== 'cooling')).toBe(true);
  });
});

describe('a classified upstream failure', () => {
  it.each([false, true])('still counts against the target and fails over (stream %s)', async (stream) => {
    const primary = failingAdapter('primary', () => new UpstreamHttpError({ status: 500, failureClass: 'server', providerMessage: 'Internal server error' }));
    const { gateway, events, fallback } = gatewayWith(primary);

    await failures(gateway, stream, ATTEMPTS);

    expect(fallback.calls).toBeGreaterThan(0);
    expect(events.some((event) => event.provider === 'primary' && event.outcome === 'failure' && event.failureClass === 'server')).toBe(true);
    expect(gateway.resilience.breakers.get(targetKey('primary', 'claude-x')).state.state).toBe('open');
  });
});

describe('settleStream', () => {
  it('frees the breaker of a stream Lifeline broke, without an event or a verdict', () => {
    const { gateway, events } = gatewayWith(failingAdapter('primary', () => new Error('unused')));
    const breaker = gateway.resilience.breakers.get(targetKey('primary', 'claude-x'));
    for (let index = 0; index < ATTEMPTS; index++) {
      expect(breaker.tryAcquire()).toBe('allowed');
      gateway.settleStream({ target: { provider: 'primary', model: 'claude-x', key: KEY.label }, breakerKey: targetKey('primary', 'claude-x') }, { outcome: 'failure', error: new LifelineError('bug') });
    }
    expect(events).toEqual([]);
    expect(breaker.state.state).toBe('closed');
    expect(gateway.resilience.keyPool('primary').states().every((key) => key.status !== 'cooling')).toBe(true);
  });
});
