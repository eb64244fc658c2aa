import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyUsage, type CanonicalRequest } from '../canonical/index.js';
import { UpstreamHttpError } from '../errors/index.js';
import { GatewayEvents, type AttemptEvent } from '../observability/gateway-events.js';
import type { ProviderEntry } from '../pipeline/gateway.js';
import type { AttemptContext, Credential, GenerateResult, ProviderAdapter } from '../providers/provider-adapter.js';
import { KeyPool } from '../resilience/key-pool.js';
import type { ProbeResult } from '../store/store.js';
import { ActiveProber, type ProbeGateway } from './active-prober.js';
import { DEFAULT_HEALTH } from './health-config.js';
import { PassiveSignals } from './passive-signals.js';

const KEY_1: Credential = { label: 'key-1 …aaaa', secret: 'sk-test-secret-1-aaaa' };
const KEY_2: Credential = { label: 'key-2 …bbbb', secret: 'sk-test-secret-2-bbbb' };
const KEY_3: Credential = { label: 'key-3 …cccc', secret: 'sk-test-secret-3-cccc' };

type Behaviour = (request: CanonicalRequest, attempt: AttemptContext) => Promise<GenerateResult>;

const answer: Behaviour = async (request) => ({
  response: { id: 'msg_1', modelId: request.model, content: [{ type: 'text', text: 'p' }], finishReason: { unified: 'length', raw: 'max_tokens' }, usage: emptyUsage() },
  headers: {},
});

function fakeAdapter(id: string, behaviour: { current: Behaviour }, calls: Array<{ request: CanonicalRequest; attempt: AttemptContext }>): ProviderAdapter {
  return {
    id,
    type: 'anthropic',
    wireFormat: 'anthropic',
    doGenerate: (request, attempt) => {
      calls.push({ request, attempt });
      return behaviour.current(request, attempt);
    },
    doStream: () => Promise.reject(new Error('probes never stream')),
    close: async () => undefined,
  };
}

function setup(options: { keys?: Credential[]; keyOptional?: boolean; probe?: Partial<typeof DEFAULT_HEALTH.probe> } = {}) {
  const clock = { time: 1_800_000_000_000, now() { return this.time; } };
  const calls: Array<{ request: CanonicalRequest; attempt: AttemptContext }> = [];
  const behaviour = { current: answer };
  const pool = new KeyPool(options.keys ?? [KEY_1, KEY_2], { clock });
  const events = new GatewayEvents();
  const entry: ProviderEntry = { adapter: fakeAdapter('anthropic', behaviour, calls), credentials: options.keys ?? [KEY_1, KEY_2], keyOptional: options.keyOptional ?? false };
  const gateway: ProbeGateway = { providers: new Map([['anthropic', entry]]), resilience: { keyPool: () => pool }, events };
  const signals = new PassiveSignals({ windowMs: 30_000, baselineWindowMs: 1_800_000 });
  signals.attach(events);
  const seen: AttemptEvent[] = [];
  events.onAttemptEnd((event) => seen.push(event));
  const stored: ProbeResult[] = [];
  const prober = new ActiveProber({
    gateway,
    targets: () => [
      { provider: 'anthropic', model: 'opus' },
      { provider: 'anthropic', model: 'sonnet' },
    ],
    signals,
    config: { ...DEFAULT_HEALTH.probe, ...options.probe },
    confirmAfterFailures: 3,
    store: { probes: { add: async (result) => void stored.push(result), latest: async () => [], prune: async () => 0 } },
    clock,
  });
  const traffic = (model: string) =>
    signals.recordAttempt({ at: clock.time, provider: 'anthropic', model, key: KEY_1.label, outcome: 'success', durationMs: 900, stream: false, source: 'traffic' });
  return { clock, calls, behaviour, pool, prober, signals, seen, stored, traffic };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ActiveProber', () => {
  it('probes idle targets only, with a one-token ping, and reports it as a probe attempt', async () => {
    const { clock, calls, prober, traffic, seen, stored, signals } = setup();
    traffic('sonnet');
    clock.time += 5_000;
    const outcomes = await prober.tick();
    expect(outcomes.map((outcome) => outcome.model)).toEqual(['opus']);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.request).toEqual({ model: 'opus', messages: [{ role: 'user', content: [{ type: 'text', text: 'ping' }] }], maxOutputTokens: 1, stream: false });
    expect(calls[0]!.attempt.model).toBe('opus');
    expect(calls[0]!.attempt.signal).toBeInstanceOf(AbortSignal);
    expect(seen.at(-1)).toMatchObject({ provider: 'anthropic', model: 'opus', outcome: 'success', source: 'probe', stream: false });
    expect(seen.at(-1)!.key).toMatch(/^key-\d …/);
    expect(stored).toEqual([expect.objectContaining({ componentId: 'target:anthropic/opus', ok: true, at: clock.time })]);
    expect(signals.summarize('target:anthropic/opus', clock.time - 30_000, clock.time)).toMatchObject({ requests: 1, probes: 1 });
    expect(JSON.stringify([seen, stored])).not.toContain('sk-test');
  });

  it('waits interval_ms between probes, and idle_ms after the last traffic', async () => {
    const { clock, calls, prober, traffic } = setup();
    await prober.tick();
    expect(calls.map((call) => call.request.model)).toEqual(['opus', 'sonnet']);
    clock.time += 29_000;
    traffic('opus');
    await prober.tick();
    expect(calls).toHaveLength(2);
    clock.time += 1_000;
    await prober.tick();
    expect(calls.map((call) => call.request.model).slice(2)).toEqual(['sonnet']);
    clock.time += 28_900; // 58.9 s: opus had traffic 29.9 s ago, sonnet was probed 28.9 s ago
    await prober.tick();
    expect(calls).toHaveLength(3);
    clock.time += 100; // 59 s: opus idle for idle_ms, and its last probe is 59 s old
    await prober.tick();
    expect(calls.map((call) => call.request.model).slice(3)).toEqual(['opus']);
    clock.time += 1_000;
    await prober.tick();
    expect(calls.map((call) => call.request.model).slice(4)).toEqual(['sonnet']);
  });

  it('confirms a failed probe quickly, then falls back to the normal interval', async () => {
    const { clock, calls, prober, behaviour, seen } = setup();
    behaviour.current = async () => {
      throw new UpstreamHttpError({ status: 529, failureClass: 'overloaded', providerMessage: 'Overloaded' });
    };
    const times: number[] = [];
    for (let second = 0; second <= 60; second++) {
      const before = calls.filter((call) => call.request.model === 'opus').length;
      await prober.tick();
      if (calls.filter((call) => call.request.model === 'opus').length > before) times.push(second);
      clock.time += 1_000;
    }
    // First failure at 0 s, confirmations every 3 s until three failures, then every 30 s.
    expect(times).toEqual([0, 3, 6, 36]);
    expect(seen.at(-1)).toMatchObject({ outcome: 'failure', failureClass: 'overloaded', origin: 'upstream', status: 529, source: 'probe' });
  });

  it('never uses a cooling key, and sends nothing when every key is cooling', async () => {
    const { calls, prober, pool } = setup();
    pool.cooldown(KEY_1.label, { reason: 'rate_limited' });
    await prober.tick();
    expect(calls.map((call) => call.attempt.credential?.label)).toEqual([KEY_2.label, KEY_2.label]);
    pool.cooldown(KEY_2.label, { reason: 'quota' });
    expect(await prober.probeAll()).toEqual([]);
    expect(calls).toHaveLength(2);
  });

  it('probes a keyless provider only when keys are optional', async () => {
    const optional = setup({ keys: [], keyOptional: true });
    await optional.prober.tick();
    expect(optional.calls.map((call) => call.attempt.credential)).toEqual([undefined, undefined]);
    const required = setup({ keys: [], keyOptional: false });
    expect(await required.prober.probeAll()).toEqual([]);
    expect(required.calls).toHaveLength(0);
  });

  it('times out a hanging probe as a local timeout', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { prober, behaviour, seen } = setup({ probe: { timeout_ms: 5_000 } });
    behaviour.current = (_request, attempt) =>
      new Promise((_resolve, reject) => attempt.signal.addEventListener('abort', () => reject(attempt.signal.reason), { once: true }));
    const pending = prober.probe({ provider: 'anthropic', model: 'opus' });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await pending).toMatchObject({ ok: false, failureClass: 'timeout' });
    expect(seen.at(-1)).toMatchObject({ failureClass: 'timeout', origin: 'local', source: 'probe' });
  });

  it('stop() aborts probes in flight and discards their results', async () => {
    const { prober, behaviour, seen, stored } = setup();
    let aborted = false;
    behaviour.current = (_request, attempt) =>
      new Promise((_resolve, reject) =>
        attempt.signal.addEventListener('abort', () => {
          aborted = true;
          reject(new Error('aborted'));
        }),
      );
    const pending = prober.probe({ provider: 'anthropic', model: 'opus' });
    prober.stop();
    expect(await pending).toBeUndefined();
    expect(aborted).toBe(true);
    expect(seen).toEqual([]);
    expect(stored).toEqual([]);
    expect(await prober.probeAll()).toEqual([]);
  });

  it('checkKeys says per key: valid, invalid, cooling reasons without sending', async () => {
    const { prober, behaviour, pool, calls } = setup({ keys: [KEY_1, KEY_2, KEY_3] });
    pool.cooldown(KEY_3.label, { reason: 'quota' });
    behaviour.current = async (request, attempt) => {
      if (attempt.credential?.label === KEY_2.label) throw new UpstreamHttpError({ status: 401, failureClass: 'auth', providerMessage: 'invalid x-api-key' });
      return answer(request, attempt);
    };
    const checks = await prober.checkKeys();
    expect(checks).toEqual([
      expect.objectContaining({ provider: 'anthropic', label: KEY_1.label, outcome: 'valid', sent: true, model: 'opus' }),
      expect.objectContaining({ provider: 'anthropic', label: KEY_2.label, outcome: 'invalid', sent: true, failureClass: 'auth' }),
      expect.objectContaining({ provider: 'anthropic', label: KEY_3.label, outcome: 'quota', sent: false }),
    ]);
    expect(calls.map((call) => call.attempt.credential?.label).sort()).toEqual([KEY_1.label, KEY_2.label]);
  });
});
