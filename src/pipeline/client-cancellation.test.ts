import { describe, expect, it, vi } from 'vitest';
import { emptyUsage, type CanonicalRequest } from '../canonical/index.js';
import { ClientCancelledError, UpstreamConnectionError } from '../errors/index.js';
import type { ProviderAdapter } from '../providers/provider-adapter.js';
import { DEFAULT_RESILIENCE } from '../resilience/resilience-options.js';
import { RouteTable } from '../routing/route-table.js';
import { ClientCancellation } from './client-cancellation.js';
import type { GatewayCall } from './gateway-call.js';
import { Gateway } from './gateway.js';
import { ResilienceState } from './resilience-state.js';
import { startDeadline } from './deadline.js';

describe('ClientCancellation', () => {
  it('aborts its signal and every linked controller with one reason when the client leaves', () => {
    const cancellation = new ClientCancellation();
    const linked = new AbortController();
    cancellation.link(linked);
    expect(cancellation.aborted).toBe(false);
    expect(linked.signal.aborted).toBe(false);
    cancellation.abort();
    expect(cancellation.aborted).toBe(true);
    expect(cancellation.signal.aborted).toBe(true);
    expect(linked.signal.aborted).toBe(true);
    expect(linked.signal.reason).toBe(cancellation.signal.reason);
    expect((linked.signal.reason as Error).name).toBe('AbortError');
  });

  it('aborts a controller linked after the client left at once', () => {
    const cancellation = new ClientCancellation();
    cancellation.abort();
    const late = new AbortController();
    cancellation.link(late);
    expect(late.signal.aborted).toBe(true);
  });

  it('gives the same signal every time, aborted or not', () => {
    const cancellation = new ClientCancellation();
    const signal = cancellation.signal;
    expect(cancellation.signal).toBe(signal);
    cancellation.abort();
    cancellation.abort();
    expect(cancellation.signal).toBe(signal);
  });
});

describe('startDeadline with a ClientCancellation', () => {
  it('aborts with the client when it leaves, and only then', () => {
    const cancellation = new ClientCancellation();
    const deadline = startDeadline(60_000, undefined, cancellation);
    expect(deadline.signal.aborted).toBe(false);
    cancellation.abort();
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBe(cancellation.signal.reason);
    deadline.pause();
  });

  it('times out without touching the client', () => {
    vi.useFakeTimers();
    try {
      const cancellation = new ClientCancellation();
      const deadline = startDeadline(5_000, undefined, cancellation);
      vi.advanceTimersByTime(5_000);
      expect((deadline.signal.reason as { code?: string }).code).toBe('UPSTREAM_TIMEOUT');
      expect(cancellation.aborted).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a non-streaming call with a ClientCancellation', () => {
  const REQUEST: CanonicalRequest = { model: 'claude-x', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: false };

  function gatewayWith(adapter: ProviderAdapter): Gateway {
    const routes = new RouteTable([{ pattern: 'claude-*', targets: [{ provider: 'p', model: 'claude-x' }], longContext: [], resilience: DEFAULT_RESILIENCE }]);
    return new Gateway(routes, new Map([['p', { adapter, credentials: [], keyOptional: true }]]), new ResilienceState(DEFAULT_RESILIENCE, []));
  }

  function callOf(cancellation: ClientCancellation, reads: { signal: number }): GatewayCall {
    return {
      request: REQUEST,
      get signal() {
        reads.signal++;
        return cancellation.signal;
      },
      cancellation,
      passthrough: { format: 'anthropic', body: {}, query: '', headers: {} },
    };
  }

  const adapterOf = (doGenerate: ProviderAdapter['doGenerate']): ProviderAdapter => ({
    id: 'p',
    type: 'anthropic',
    wireFormat: 'anthropic',
    doGenerate,
    doStream: () => Promise.reject(new Error('not used')),
    close: async () => undefined,
  });

  it('answers without ever building the client signal', async () => {
    const reads = { signal: 0 };
    const gateway = gatewayWith(adapterOf(async (request) => ({ response: { id: 'm', modelId: request.model, content: [], finishReason: { unified: 'stop', raw: 'end_turn' }, usage: emptyUsage() }, headers: {} })));
    const outcome = await gateway.generate(callOf(new ClientCancellation(), reads));
    expect(outcome.target.provider).toBe('p');
    expect(reads.signal).toBe(0);
  });

  it('cuts the attempt when the client leaves, as a cancellation, with no verdict against the target', async () => {
    const cancellation = new ClientCancellation();
    const gateway = gatewayWith(
      adapterOf(
        (_request, attempt) =>
          new Promise((_resolve, reject) => {
            attempt.signal.addEventListener('abort', () => reject(new UpstreamConnectionError('cut', { cause: attempt.signal.reason })), { once: true });
            setImmediate(() => cancellation.abort());
          }),
      ),
    );
    const attempts: string[] = [];
    gateway.events.onAttemptEnd((event) => attempts.push(event.outcome));
    await expect(gateway.generate(callOf(cancellation, { signal: 0 }))).rejects.toBeInstanceOf(ClientCancelledError);
    expect(attempts).toEqual([]);
    expect(gateway.resilience.breakers.get('target:p/claude-x').state.state).toBe('closed');
    expect(gateway.resilience.lastFailure.has('target:p/claude-x')).toBe(false);
  });
});
