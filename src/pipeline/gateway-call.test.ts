import { describe, expect, it } from 'vitest';
import { emptyUsage, type CanonicalRequest } from '../canonical/index.js';
import type { GenerateResult, ProviderAdapter } from '../providers/provider-adapter.js';
import { DEFAULT_RESILIENCE, type ResilienceOptions } from '../resilience/resilience-options.js';
import { RouteTable } from '../routing/route-table.js';
import type { GatewayCall } from './gateway-call.js';
import { Gateway } from './gateway.js';
import { ResilienceState } from './resilience-state.js';

// GatewayCall.noHedge (set by deferred/run-job.ts): a deferred job never has a second target
// started beside a first that is still running, so at most one provider answers it.

const HEDGED: ResilienceOptions = { ...DEFAULT_RESILIENCE, hedging: { ...DEFAULT_RESILIENCE.hedging, enabled: true, delay_ms: 20 } };
const REQUEST: CanonicalRequest = { model: 'claude-x', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: false };

const answer = (model: string): GenerateResult => ({
  response: { id: 'msg', modelId: model, content: [{ type: 'text', text: 'hi' }], finishReason: { unified: 'stop', raw: 'end_turn' }, usage: emptyUsage() },
  headers: {},
});

/** An adapter that counts its calls and answers after `delayMs`, noting whether another call was running meanwhile. */
function countingAdapter(id: string, delayMs: number, running: { count: number; overlapped: boolean }): ProviderAdapter & { calls: number } {
  const adapter = {
    id,
    type: 'anthropic',
    wireFormat: 'anthropic' as const,
    calls: 0,
    async doGenerate(request: CanonicalRequest) {
      adapter.calls++;
      running.count++;
      if (running.count > 1) running.overlapped = true;
      try {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        return answer(request.model);
      } finally {
        running.count--;
      }
    },
    doStream: () => Promise.reject(new Error('not used')),
    close: async () => undefined,
  };
  return adapter;
}

function setup() {
  const running = { count: 0, overlapped: false };
  const slow = countingAdapter('slow', 300, running);
  const second = countingAdapter('second', 0, running);
  const providers = new Map([
    ['slow', { adapter: slow, credentials: [], keyOptional: true }],
    ['second', { adapter: second, credentials: [], keyOptional: true }],
  ]);
  const routes = new RouteTable([{ pattern: 'claude-*', targets: [{ provider: 'slow', model: 'claude-x' }, { provider: 'second', model: 'claude-y' }], longContext: [], resilience: HEDGED }]);
  const gateway = new Gateway(routes, providers, new ResilienceState(HEDGED, []));
  return { gateway, slow, second, running };
}

const call = (noHedge: boolean): GatewayCall => ({
  request: REQUEST,
  signal: new AbortController().signal,
  passthrough: { format: 'anthropic', body: {}, query: '', headers: {} },
  ...(noHedge ? { noHedge: true as const } : {}),
});

describe('GatewayCall.noHedge', () => {
  it('never starts the second target while the slow first one is still running', async () => {
    const { gateway, slow, second, running } = setup();
    const outcome = await gateway.generate(call(true));
    expect(outcome.target.provider).toBe('slow');
    expect(slow.calls).toBe(1);
    expect(second.calls).toBe(0);
    expect(running.overlapped).toBe(false);
  });

  it('without it, the same route hedges: the second target starts while the first runs, and answers first', async () => {
    const { gateway, slow, second, running } = setup();
    const outcome = await gateway.generate(call(false));
    expect(outcome.target.provider).toBe('second');
    expect(slow.calls).toBe(1);
    expect(second.calls).toBe(1);
    expect(running.overlapped).toBe(true);
  });
});
