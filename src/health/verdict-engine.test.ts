import { describe, expect, it } from 'vitest';
import type { FailureClass, FailureOrigin } from '../errors/index.js';
import type { AttemptEvent } from '../observability/gateway-events.js';
import { DEFAULT_HEALTH } from './health-config.js';
import type { ComponentStatus, HealthSnapshot, OfficialStatus, VerdictScope } from './health-types.js';
import { PassiveSignals } from './passive-signals.js';
import { evaluateHealth, INITIAL_VERDICT_MEMORY, type ProviderInput, type VerdictMemory } from './verdict-engine.js';

const NOW = 1_800_000_000_000;
const KEY_1 = 'key-1 …abcd';
const KEY_2 = 'key-2 …f00d';
const KEY_3 = 'key-3 …beef';

/** `count` attempts spread evenly over [from, to) seconds before NOW. */
interface Traffic {
  provider: string;
  model: string;
  key?: string;
  count: number;
  failureClass?: FailureClass;
  origin?: FailureOrigin;
  durationMs?: number;
  stream?: boolean;
  source?: 'traffic' | 'probe';
  skipped?: boolean;
  /** Seconds before NOW; default 25 s to 0 s. */
  from?: number;
  to?: number;
}

function attempts(traffic: Traffic): AttemptEvent[] {
  const from = traffic.from ?? 25;
  const to = traffic.to ?? 0;
  return Array.from({ length: traffic.count }, (_, index) => {
    const at = NOW - from * 1000 + ((from - to) * 1000 * index) / traffic.count;
    const failure = traffic.failureClass !== undefined;
    return {
      at,
      provider: traffic.provider,
      model: traffic.model,
      ...(traffic.key ? { key: traffic.key } : {}),
      outcome: traffic.skipped ? 'skipped' : failure ? 'failure' : 'success',
      ...(failure ? { failureClass: traffic.failureClass, origin: traffic.origin ?? 'upstream' } : {}),
      durationMs: traffic.durationMs ?? 800,
      stream: traffic.stream ?? false,
      source: traffic.source ?? 'traffic',
    } satisfies AttemptEvent;
  });
}

function feed(traffic: Traffic[]): PassiveSignals {
  const signals = new PassiveSignals({ windowMs: DEFAULT_HEALTH.window_ms, baselineWindowMs: DEFAULT_HEALTH.baseline_window_ms });
  const events = traffic.flatMap(attempts).sort((left, right) => left.at - right.at);
  for (const event of events) signals.recordAttempt(event);
  return signals;
}

const twoKeys = [{ label: KEY_1, state: 'available' as const }, { label: KEY_2, state: 'available' as const }];
const anthropic = (overrides: Partial<ProviderInput> = {}): ProviderInput => ({
  name: 'anthropic',
  targets: [{ model: 'opus' }, { model: 'sonnet' }],
  keys: twoKeys,
  ...overrides,
});
const openai = (overrides: Partial<ProviderInput> = {}): ProviderInput => ({ name: 'openai', targets: [{ model: 'gpt' }], keys: [{ label: KEY_1, state: 'available' }], ...overrides });

const partialOfficial: OfficialStatus = {
  status: 'partial_outage',
  description: 'Partial System Outage',
  incidents: ['Elevated errors for Claude Opus and Sonnet models'],
  checkedAt: NOW - 5_000,
};

interface Expectation {
  status: ComponentStatus;
  scope: VerdictScope;
  reason?: RegExp;
}

interface Scenario {
  name: string;
  providers: ProviderInput[];
  traffic: Traffic[];
  expect: Record<string, Expectation>;
}

const ok = (provider: string, model: string, count = 20, key?: string): Traffic => ({ provider, model, count, ...(key ? { key } : {}) });
const failing = (provider: string, model: string, failureClass: FailureClass, count = 20, key?: string, origin?: FailureOrigin): Traffic => ({
  provider,
  model,
  count,
  failureClass,
  ...(key ? { key } : {}),
  ...(origin ? { origin } : {}),
});

const scenarios: Scenario[] = [
  {
    name: 'all traffic answered: operational, scope none',
    providers: [anthropic(), openai()],
    traffic: [ok('anthropic', 'opus', 20, KEY_1), ok('anthropic', 'sonnet', 20, KEY_2), ok('openai', 'gpt', 10, KEY_1)],
    expect: {
      'provider:anthropic': { status: 'operational', scope: 'none', reason: /answered normally/ },
      'target:anthropic/opus': { status: 'operational', scope: 'none' },
      'provider:openai': { status: 'operational', scope: 'none' },
    },
  },
  {
    name: 'global: every key and model overloaded → major_outage, scope global',
    providers: [anthropic(), openai()],
    traffic: [
      failing('anthropic', 'opus', 'overloaded', 15, KEY_1),
      failing('anthropic', 'opus', 'overloaded', 15, KEY_2),
      failing('anthropic', 'sonnet', 'server', 15, KEY_1),
      failing('anthropic', 'sonnet', 'overloaded', 15, KEY_2),
      ok('openai', 'gpt', 10, KEY_1),
    ],
    expect: {
      'provider:anthropic': { status: 'major_outage', scope: 'global', reason: /\(2 of 2 models failing on 2 keys\): 60 of 60 requests failed in the last 30 s \(overloaded ×45, server errors ×15\)/ },
      'target:anthropic/opus': { status: 'major_outage', scope: 'global' },
      'target:anthropic/sonnet': { status: 'major_outage', scope: 'global' },
      'provider:openai': { status: 'operational', scope: 'none' },
    },
  },
  {
    name: 'global: two of three models failing while one answers → partial_outage at most',
    providers: [anthropic({ targets: [{ model: 'opus' }, { model: 'sonnet' }, { model: 'haiku' }] })],
    traffic: [failing('anthropic', 'opus', 'server', 20, KEY_1), failing('anthropic', 'sonnet', 'timeout', 20, KEY_2), ok('anthropic', 'haiku', 20, KEY_1)],
    expect: {
      'provider:anthropic': { status: 'partial_outage', scope: 'global', reason: /2 of 3 models failing/ },
      'target:anthropic/haiku': { status: 'operational', scope: 'none' },
      'target:anthropic/opus': { status: 'major_outage', scope: 'global' },
    },
  },
  {
    name: 'global: a provider with a single model failing is a global outage, not a one-model one',
    providers: [openai()],
    traffic: [failing('openai', 'gpt', 'server', 10, KEY_1), ok('openai', 'gpt', 10, KEY_1)],
    expect: {
      'provider:openai': { status: 'partial_outage', scope: 'global', reason: /gpt failing/ },
      'target:openai/gpt': { status: 'partial_outage', scope: 'global' },
    },
  },
  {
    name: 'one key of three rejected (auth): provider stays operational, the reason names the label',
    providers: [anthropic({ keys: [...twoKeys, { label: KEY_3, state: 'cooling', reason: 'auth', untilMs: NOW + 3_600_000 }] })],
    traffic: [ok('anthropic', 'opus', 20, KEY_1), ok('anthropic', 'sonnet', 20, KEY_2), failing('anthropic', 'opus', 'auth', 1, KEY_3)],
    expect: {
      'provider:anthropic': { status: 'operational', scope: 'key', reason: /^key-3 …beef is rejected by the provider \(auth\); other keys work$/ },
      'target:anthropic/opus': { status: 'operational', scope: 'none' },
    },
  },
  {
    name: 'one key of two rate-limited: degraded_performance, scope key',
    providers: [anthropic()],
    traffic: [ok('anthropic', 'opus', 20, KEY_1), ok('anthropic', 'sonnet', 20, KEY_1), failing('anthropic', 'sonnet', 'rate_limited', 6, KEY_2)],
    expect: {
      'provider:anthropic': { status: 'degraded_performance', scope: 'key', reason: /key-2 …f00d is rate-limited; other keys work/ },
      'target:anthropic/sonnet': { status: 'operational', scope: 'none' },
    },
  },
  {
    name: 'every key out of quota: the provider is unusable for us, scope key',
    providers: [
      anthropic({
        keys: [
          { label: KEY_1, state: 'cooling', reason: 'quota', untilMs: NOW + 900_000 },
          { label: KEY_2, state: 'cooling', reason: 'quota', untilMs: NOW + 900_000 },
        ],
      }),
    ],
    traffic: [failing('anthropic', 'opus', 'quota', 3, KEY_1), failing('anthropic', 'opus', 'quota', 3, KEY_2), { provider: 'anthropic', model: 'opus', count: 10, failureClass: 'quota', skipped: true }],
    expect: {
      'provider:anthropic': { status: 'major_outage', scope: 'key', reason: /every key of anthropic is unusable: key-1 …abcd is out of quota and key-2 …f00d is out of quota/ },
      'target:anthropic/opus': { status: 'operational', scope: 'none' },
    },
  },
  {
    name: 'a single 429 on a single-key provider (key cooling briefly) is not an outage',
    providers: [openai({ keys: [{ label: KEY_1, state: 'cooling', reason: 'rate_limited', untilMs: NOW + 20_000 }] })],
    traffic: [ok('openai', 'gpt', 20, KEY_1), failing('openai', 'gpt', 'rate_limited', 1, KEY_1)],
    expect: { 'provider:openai': { status: 'operational', scope: 'none' } },
  },
  {
    name: 'every key rate-limited and requests turned away: the provider is unusable for us',
    providers: [openai({ keys: [{ label: KEY_1, state: 'cooling', reason: 'rate_limited', untilMs: NOW + 20_000 }] })],
    traffic: [ok('openai', 'gpt', 10, KEY_1), failing('openai', 'gpt', 'rate_limited', 1, KEY_1), { provider: 'openai', model: 'gpt', count: 5, failureClass: 'rate_limited', skipped: true, from: 5 }],
    expect: { 'provider:openai': { status: 'partial_outage', scope: 'key', reason: /every key of openai is unusable: key-1 …abcd is rate-limited/ } },
  },
  {
    name: 'one model failing while another answers: target major, provider degraded, scope target',
    providers: [anthropic()],
    traffic: [failing('anthropic', 'opus', 'server', 12, KEY_1), ok('anthropic', 'sonnet', 20, KEY_2)],
    expect: {
      'provider:anthropic': { status: 'degraded_performance', scope: 'target', reason: /^opus is failing \(12 of 12 requests failed .*server errors ×12\)\); other models answer normally$/ },
      'target:anthropic/opus': { status: 'major_outage', scope: 'target' },
      'target:anthropic/sonnet': { status: 'operational', scope: 'none' },
    },
  },
  {
    name: 'no API key configured: the provider and its models are unusable, whatever the (absent) traffic says',
    providers: [anthropic({ keys: [], missingKey: true }), openai()],
    traffic: [{ provider: 'openai', model: 'gpt', count: 20 }],
    expect: {
      'provider:anthropic': { status: 'major_outage', scope: 'key', reason: /^no API key is configured for anthropic: every request skips it/ },
      'target:anthropic/opus': { status: 'major_outage', scope: 'key', reason: /no API key is configured for anthropic/ },
      'provider:openai': { status: 'operational', scope: 'none' },
    },
  },
  {
    name: 'one model not found (a retired model): target scope',
    providers: [anthropic()],
    traffic: [failing('anthropic', 'opus', 'not_found', 5, KEY_1), ok('anthropic', 'sonnet', 20, KEY_2)],
    expect: {
      'provider:anthropic': { status: 'degraded_performance', scope: 'target', reason: /model not found/ },
      'target:anthropic/opus': { status: 'major_outage', scope: 'target' },
    },
  },
  {
    name: 'slow: p50 well above its own baseline → degraded_performance, scope slow',
    providers: [openai()],
    traffic: [
      { provider: 'openai', model: 'gpt', count: 200, durationMs: 1_000, from: 20 * 60, to: 120 },
      { provider: 'openai', model: 'gpt', count: 20, durationMs: 6_000 },
    ],
    expect: {
      'provider:openai': { status: 'degraded_performance', scope: 'slow', reason: /gpt: answers are slow: response time p50 \d\.\d s against a usual (9\d\d ms|1\.0 s) \(\d\.\d×\)/ },
      'target:openai/gpt': { status: 'degraded_performance', scope: 'slow' },
    },
  },
  {
    name: 'not slow: 1.8× the baseline is within normal variation',
    providers: [openai()],
    traffic: [
      { provider: 'openai', model: 'gpt', count: 200, durationMs: 1_000, from: 20 * 60, to: 120 },
      { provider: 'openai', model: 'gpt', count: 20, durationMs: 1_800 },
    ],
    expect: { 'provider:openai': { status: 'operational', scope: 'none' } },
  },
  {
    name: 'not slow: too few samples to judge',
    providers: [openai()],
    traffic: [
      { provider: 'openai', model: 'gpt', count: 200, durationMs: 1_000, from: 20 * 60, to: 120 },
      { provider: 'openai', model: 'gpt', count: 3, durationMs: 9_000 },
    ],
    expect: { 'provider:openai': { status: 'operational', scope: 'none' } },
  },
  {
    name: "own network: every provider refused locally at once → scope own_network, Lifeline's side",
    providers: [anthropic(), openai()],
    traffic: [
      failing('anthropic', 'opus', 'network', 10, KEY_1, 'local'),
      failing('anthropic', 'sonnet', 'timeout', 10, KEY_2, 'local'),
      failing('openai', 'gpt', 'network', 10, KEY_1, 'local'),
    ],
    expect: {
      'provider:anthropic': { status: 'major_outage', scope: 'own_network', reason: /likely on Lifeline's side of the wire/ },
      'provider:openai': { status: 'major_outage', scope: 'own_network', reason: /every provider is unreachable/ },
      'target:openai/gpt': { status: 'major_outage', scope: 'own_network' },
    },
  },
  {
    name: 'not own network when another provider still answers: that one provider is the problem',
    providers: [anthropic(), openai()],
    traffic: [failing('anthropic', 'opus', 'network', 10, KEY_1, 'local'), failing('anthropic', 'sonnet', 'network', 10, KEY_2, 'local'), ok('openai', 'gpt', 10, KEY_1)],
    expect: {
      'provider:anthropic': { status: 'major_outage', scope: 'global' },
      'provider:openai': { status: 'operational', scope: 'none' },
    },
  },
  {
    name: 'not own network with a single provider configured',
    providers: [openai()],
    traffic: [failing('openai', 'gpt', 'network', 10, KEY_1, 'local')],
    expect: { 'provider:openai': { status: 'major_outage', scope: 'global' } },
  },
  {
    name: 'official only: the page reports an outage, our traffic is fine → operational, scope official',
    providers: [anthropic({ official: partialOfficial })],
    traffic: [ok('anthropic', 'opus', 20, KEY_1), ok('anthropic', 'sonnet', 20, KEY_2)],
    expect: {
      'provider:anthropic': {
        status: 'operational',
        scope: 'official',
        reason: /^the official status page reports Partial System Outage \(Elevated errors for Claude Opus and Sonnet models\); Lifeline's own traffic to anthropic looks fine$/,
      },
    },
  },
  {
    name: 'official says operational while we measure an outage: our measurement wins',
    providers: [anthropic({ official: { status: 'operational', description: 'All Systems Operational', checkedAt: NOW } })],
    traffic: [failing('anthropic', 'opus', 'overloaded', 20, KEY_1), failing('anthropic', 'sonnet', 'overloaded', 20, KEY_2)],
    expect: { 'provider:anthropic': { status: 'major_outage', scope: 'global' } },
  },
  {
    name: 'a single blip among successes does not leave operational',
    providers: [openai()],
    traffic: [ok('openai', 'gpt', 30, KEY_1), failing('openai', 'gpt', 'server', 2, KEY_1)],
    expect: { 'provider:openai': { status: 'operational', scope: 'none' }, 'target:openai/gpt': { status: 'operational', scope: 'none' } },
  },
  {
    name: 'an open breaker with only skipped attempts is at least partial_outage',
    providers: [anthropic({ targets: [{ model: 'opus', breaker: 'open' }, { model: 'sonnet' }] })],
    traffic: [{ provider: 'anthropic', model: 'opus', count: 10, failureClass: 'overloaded', skipped: true }, ok('anthropic', 'sonnet', 20, KEY_1)],
    expect: {
      'target:anthropic/opus': { status: 'partial_outage', scope: 'target', reason: /circuit open after overloaded/ },
      'provider:anthropic': { status: 'degraded_performance', scope: 'target' },
    },
  },
  {
    name: 'a hard outage under traffic: the open breaker turns requests away → major_outage, and the reason says how many',
    providers: [openai({ targets: [{ model: 'gpt', breaker: 'open' }] })],
    traffic: [
      { provider: 'openai', model: 'gpt', key: KEY_1, count: 300, from: 30, to: 8 },
      { provider: 'openai', model: 'gpt', key: KEY_1, count: 5, failureClass: 'overloaded', from: 8, to: 7.8 },
      { provider: 'openai', model: 'gpt', count: 100, failureClass: 'overloaded', skipped: true, from: 7.5, to: 0 },
    ],
    expect: {
      'provider:openai': { status: 'major_outage', scope: 'global', reason: /5 of \d+ requests failed in the last 30 s \(overloaded ×5\); 100 more turned away by an open circuit$/ },
      'target:openai/gpt': { status: 'major_outage', scope: 'global' },
    },
  },
  {
    name: 'client-side failures (invalid request, cancellations) say nothing against the provider',
    providers: [openai()],
    traffic: [failing('openai', 'gpt', 'invalid_request', 20, KEY_1), failing('openai', 'gpt', 'client_cancelled', 20, KEY_1), failing('openai', 'gpt', 'context_too_long', 5, KEY_1)],
    expect: { 'provider:openai': { status: 'operational', scope: 'none' } },
  },
  {
    name: 'probes alone detect an idle target failing',
    providers: [openai()],
    traffic: [{ provider: 'openai', model: 'gpt', count: 3, failureClass: 'server', source: 'probe', key: KEY_1 }],
    expect: { 'target:openai/gpt': { status: 'major_outage', scope: 'global' } },
  },
];

describe('evaluateHealth scopes', () => {
  it.each(scenarios)('$name', (scenario) => {
    const { snapshot } = evaluateHealth({ now: NOW, config: DEFAULT_HEALTH, signals: feed(scenario.traffic), providers: scenario.providers });
    for (const [id, expected] of Object.entries(scenario.expect)) {
      const verdict = snapshot.components.find((component) => component.id === id);
      expect(verdict, id).toBeDefined();
      expect({ id, status: verdict!.status, scope: verdict!.scope }).toEqual({ id, status: expected.status, scope: expected.scope });
      if (expected.reason) expect(verdict!.reason).toMatch(expected.reason);
    }
  });

  it('attaches the official status to the provider without changing what we measured', () => {
    const { snapshot } = evaluateHealth({
      now: NOW,
      config: DEFAULT_HEALTH,
      signals: feed([failing('anthropic', 'opus', 'overloaded', 20, KEY_1), failing('anthropic', 'sonnet', 'overloaded', 20, KEY_2)]),
      providers: [anthropic({ official: partialOfficial })],
    });
    const provider = snapshot.components.find((component) => component.id === 'provider:anthropic')!;
    expect(provider.official).toEqual(partialOfficial);
    expect(provider.status).toBe('major_outage');
    expect(provider.reason).toMatch(/; the official status page reports Partial System Outage/);
    expect(snapshot.overall).toBe('major_outage');
  });

  it('lists providers first, then targets with their parent, and measures the window', () => {
    const { snapshot, keys } = evaluateHealth({
      now: NOW,
      config: DEFAULT_HEALTH,
      signals: feed([ok('anthropic', 'opus', 18, KEY_1), failing('anthropic', 'opus', 'server', 2, KEY_1), { provider: 'anthropic', model: 'opus', count: 4, stream: true, durationMs: 300, key: KEY_2 }]),
      providers: [anthropic()],
    });
    expect(snapshot.components.map((component) => component.id)).toEqual(['provider:anthropic', 'target:anthropic/opus', 'target:anthropic/sonnet']);
    const opus = snapshot.components[1]!;
    expect(opus.parentId).toBe('provider:anthropic');
    expect(opus.measured).toMatchObject({ windowMs: 30_000, requests: 24, failures: 2, classes: { server: 2 }, });
    expect(opus.measured.ttftP50Ms).toBeGreaterThan(290);
    expect(opus.measured.ttftP50Ms).toBeLessThan(310);
    expect(opus.measured.errorRate).toBeCloseTo(2 / 24);
    expect(opus.lastOkAt).toBeLessThanOrEqual(NOW);
    expect(keys.map((key) => [key.provider, key.label, key.failing])).toEqual([
      ['anthropic', KEY_1, false],
      ['anthropic', KEY_2, false],
    ]);
    expect(JSON.stringify(snapshot)).not.toMatch(/sk-/);
  });
});

/** Drives the engine second by second with a scripted outcome per second; returns each second's status of `id`. */
function timeline(options: {
  seconds: number;
  outcome: (second: number) => FailureClass | 'ok' | 'none';
  id: string;
  providers?: ProviderInput[];
  start?: number;
}): { statuses: ComponentStatus[]; snapshots: HealthSnapshot[] } {
  const signals = new PassiveSignals({ windowMs: DEFAULT_HEALTH.window_ms, baselineWindowMs: DEFAULT_HEALTH.baseline_window_ms });
  let memory: VerdictMemory = INITIAL_VERDICT_MEMORY;
  const statuses: ComponentStatus[] = [];
  const snapshots: HealthSnapshot[] = [];
  const start = options.start ?? NOW;
  for (let second = 0; second < options.seconds; second++) {
    const at = start + second * 1000;
    const outcome = options.outcome(second);
    if (outcome !== 'none') {
      signals.recordAttempt({
        at,
        provider: 'openai',
        model: 'gpt',
        key: KEY_1,
        outcome: outcome === 'ok' ? 'success' : 'failure',
        ...(outcome === 'ok' ? {} : { failureClass: outcome, origin: 'upstream' as const }),
        durationMs: 500,
        stream: false,
        source: 'traffic',
      });
    }
    const result = evaluateHealth({ now: at + 500, config: DEFAULT_HEALTH, signals, providers: options.providers ?? [openai()] }, memory);
    memory = result.memory;
    snapshots.push(result.snapshot);
    statuses.push(result.snapshot.components.find((component) => component.id === options.id)!.status);
  }
  return { statuses, snapshots };
}

/** Status changes in a series. */
const transitions = (statuses: ComponentStatus[]) => statuses.filter((status, index) => index > 0 && status !== statuses[index - 1]).length;

describe('evaluateHealth hysteresis (flapping)', () => {
  it('scattered single failures below the degraded rate never leave operational', () => {
    const { statuses } = timeline({ seconds: 180, id: 'provider:openai', outcome: (second) => (second % 25 === 5 ? 'server' : 'ok') });
    expect(new Set(statuses)).toEqual(new Set(['operational']));
  });

  it('a steady error rate above the degraded threshold shows degraded once and does not flap back', () => {
    const { statuses } = timeline({ seconds: 300, id: 'provider:openai', outcome: (second) => (second % 12 === 5 ? 'server' : 'ok') });
    expect(transitions(statuses)).toBe(1);
    expect(statuses.at(-1)).toBe('degraded_performance');
  });

  it('a burst of two failures does not flap the page', () => {
    const { statuses } = timeline({ seconds: 60, id: 'target:openai/gpt', outcome: (second) => (second === 20 || second === 21 ? 'overloaded' : 'ok') });
    expect(transitions(statuses)).toBe(0);
  });

  it('an outage is reported within seconds and recovers once, after a quiet recovery', () => {
    const { statuses, snapshots } = timeline({
      seconds: 120,
      id: 'provider:openai',
      outcome: (second) => (second < 30 ? 'ok' : second < 60 ? 'overloaded' : 'ok'),
    });
    const firstBad = statuses.findIndex((status) => status !== 'operational');
    expect(firstBad).toBe(32); // the third failure is the minimum evidence
    expect(statuses.slice(45, 60)).toEqual(Array(15).fill('major_outage'));
    // Successes from second 60: while failures remain in the recent window it stays major...
    // The recent window's rate shows it at once (3 of 10 = partial), the whole window soon after.
    expect(statuses[32]).toBe('partial_outage');
    // Successes from second 60: the outage stays visible while failures fill the windows...
    expect(statuses.slice(60, 67)).toEqual(Array(7).fill('major_outage'));
    // ...then recovering (degraded) once the recent window is clean, then operational, for good.
    expect(statuses.slice(69, 89)).toEqual(Array(20).fill('degraded_performance'));
    expect(statuses.slice(89)).toEqual(Array(31).fill('operational'));
    const provider = snapshots[100]!.components.find((component) => component.id === 'provider:openai')!;
    expect(provider.since).toBe(NOW + 89_500);
    expect(provider.lastOkAt).toBe(NOW + 100_000);
  });

  it('an outage whose error rate swings between partial and major levels does not flip between them', () => {
    const { statuses } = timeline({
      seconds: 120,
      id: 'target:openai/gpt',
      // From second 10, 10-second blocks alternate: every request failing, then one in two.
      outcome: (second) => (second < 10 ? 'ok' : Math.floor((second - 10) / 10) % 2 === 0 ? 'server' : second % 2 === 0 ? 'server' : 'ok'),
    });
    const bad = statuses.slice(statuses.findIndex((status) => status === 'major_outage'));
    expect(bad.length).toBeGreaterThan(60);
    expect(new Set(bad)).toEqual(new Set(['major_outage']));
  });

  it('successes scattered through an outage do not flip it back to operational', () => {
    const { statuses } = timeline({
      seconds: 90,
      id: 'target:openai/gpt',
      // From second 10: three failures, then two successes, repeating.
      outcome: (second) => (second < 10 ? 'ok' : (second - 10) % 5 < 3 ? 'server' : 'ok'),
    });
    const firstBad = statuses.findIndex((status) => status !== 'operational');
    expect(firstBad).toBeGreaterThan(0);
    expect(statuses.slice(firstBad)).not.toContain('operational');
  });

  it('with no traffic or probes the last verdict is kept, then marked stale', () => {
    const { statuses, snapshots } = timeline({
      seconds: 400,
      id: 'provider:openai',
      outcome: (second) => (second < 10 ? 'server' : 'none'),
    });
    expect(statuses.at(-1)).toBe('major_outage');
    expect(transitions(statuses)).toBe(1);
    const at100 = snapshots[100]!.components.find((component) => component.id === 'provider:openai')!;
    expect(at100.reason).toMatch(/requests failed in the last 30 s \(server errors/);
    expect(at100.reason).not.toMatch(/stale/);
    const last = snapshots.at(-1)!.components.find((component) => component.id === 'provider:openai')!;
    expect(last.reason).toMatch(/stale: no traffic or probes for 6 min/);
  });

  it('recovers after a clean stretch with a single success (sparse probes)', () => {
    const { statuses } = timeline({
      seconds: 120,
      id: 'target:openai/gpt',
      // Probe-like cadence: failures at 0, 3, 6 s, then one success every 30 s.
      outcome: (second) => ([0, 3, 6].includes(second) ? 'timeout' : second === 36 || second === 66 ? 'ok' : 'none'),
    });
    expect(statuses[6]).not.toBe('operational');
    expect(statuses[35]).not.toBe('operational');
    expect(statuses[36]).toBe('operational');
    expect(statuses.slice(36)).not.toContain('major_outage');
  });
});
