import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emptyUsage, type CanonicalRequest } from '../canonical/index.js';
import type { ResolvedConfig, ResolvedProvider, ResolvedRoute } from '../config/resolved-config.js';
import { UpstreamConnectionError, UpstreamHttpError } from '../errors/index.js';
import type { GatewayCall } from '../pipeline/gateway-call.js';
import { Gateway, type ProviderEntry } from '../pipeline/gateway.js';
import { ResilienceState } from '../pipeline/resilience-state.js';
import type { AttemptContext, Credential, GenerateResult, ProviderAdapter } from '../providers/provider-adapter.js';
import { DEFAULT_RESILIENCE, type ResilienceOptions } from '../resilience/resilience-options.js';
import { DynamicTargets } from '../routing/dynamic-targets.js';
import { RouteTable } from '../routing/route-table.js';
import { createMemoryStore } from '../store/memory/memory-store.js';
import { healthConfigSchema } from './health-config.js';
import type { HealthSnapshot } from './health-types.js';
import { createHealthMonitor } from './health-monitor.js';
import { readSpecFixture } from '../../test/support/spec-fixtures.js';
import { TypedEmitter, type TypedEvent } from '../core/typed-event.js';
import type { AttemptEvent } from '../observability/gateway-events.js';

const RESILIENCE: ResilienceOptions = { ...DEFAULT_RESILIENCE, retries: { ...DEFAULT_RESILIENCE.retries, max_retries_per_target: 0 } };
const SECRET = 'sk-ant-test-0000-verysecret-f00d';

type Behaviour = (request: CanonicalRequest, attempt: AttemptContext) => Promise<GenerateResult>;
const answer: Behaviour = async (request) => ({
  response: { id: 'msg', modelId: request.model, content: [{ type: 'text', text: 'hi' }], finishReason: { unified: 'stop', raw: 'end_turn' }, usage: emptyUsage() },
  headers: {},
});

function adapter(id: string, behaviour: { current: Behaviour }): ProviderAdapter {
  return {
    id,
    type: id,
    wireFormat: id === 'openai' ? 'openai' : 'anthropic',
    doGenerate: (request, attempt) => behaviour.current(request, attempt),
    doStream: () => Promise.reject(new Error('not used')),
    close: async () => undefined,
  };
}

function provider(name: string, type: ResolvedProvider['type'], statusPageUrl: string | false): ResolvedProvider {
  return { name, type, baseUrl: 'http://127.0.0.1:1', keys: [SECRET], headers: {}, timeouts: {}, models: [], statusPageUrl };
}

let statusServer: Server;
let statusUrl: string;
beforeAll(async () => {
  const body = readSpecFixture('statuspage', 'summary.json');
  statusServer = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(body));
  await new Promise<void>((resolve) => statusServer.listen(0, '127.0.0.1', resolve));
  statusUrl = `http://127.0.0.1:${(statusServer.address() as AddressInfo).port}/api/v2/summary.json`;
});
afterAll(async () => {
  statusServer.closeAllConnections();
  await new Promise((resolve) => statusServer.close(resolve));
});

function stack(options: { official?: boolean; openaiKeyless?: boolean; dynamicTargets?: { max_per_provider?: number; ttl_ms?: number; publish?: boolean }; fleetAttempts?: TypedEvent<AttemptEvent> } = {}) {
  const behaviours = { anthropic: { current: answer }, openai: { current: answer } };
  const credentials: Credential[] = [{ label: 'key-1 …f00d', secret: SECRET }];
  const entries = new Map<string, ProviderEntry>([
    ['anthropic', { adapter: adapter('anthropic', behaviours.anthropic), credentials, keyOptional: false }],
    ['openai', { adapter: adapter('openai', behaviours.openai), credentials: options.openaiKeyless ? [] : credentials, keyOptional: false }],
  ]);
  const routes: ResolvedRoute[] = [
    { pattern: 'opus', targets: [{ provider: 'anthropic', model: 'claude-opus' }, { provider: 'openai', model: 'gpt-big' }], longContext: [], resilience: RESILIENCE },
    { pattern: 'claude-*', targets: [{ provider: 'anthropic', model: '*' }], longContext: [], resilience: RESILIENCE },
  ];
  const config = healthConfigSchema.parse({ probe: { enabled: false }, dynamic_targets: options.dynamicTargets ?? {} });
  const clock = { time: Date.now(), now: () => clock.time };
  const dynamic = new DynamicTargets({
    routeTargets: routes.flatMap((route) => route.targets),
    maxPerProvider: config.dynamic_targets.max_per_provider,
    ttlMs: config.dynamic_targets.ttl_ms,
    clock,
  });
  const resilience = new ResilienceState(RESILIENCE, [...entries].map(([name, entry]) => [name, entry.credentials]), undefined, dynamic);
  const gateway = new Gateway(new RouteTable(routes), entries, resilience);
  const providers: ResolvedConfig['providers'] = {
    anthropic: provider('anthropic', 'anthropic', options.official ? statusUrl : false),
    openai: provider('openai', 'openai', false),
  };
  const store = createMemoryStore();
  const monitor = createHealthMonitor({ config, gateway, providers, routes, store, ...(options.fleetAttempts ? { fleetAttempts: options.fleetAttempts } : {}) });
  const call = (model: string): GatewayCall => ({
    request: { model, messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }], stream: false },
    passthrough: { format: 'anthropic', body: {}, query: '', headers: {} },
    signal: new AbortController().signal,
  });
  return { behaviours, gateway, monitor, store, call, clock };
}

describe('createHealthMonitor', () => {
  it('judges from the fleet’s attempts when other instances report theirs, and leaves them out of its own rollups', async () => {
    const fleet = new TypedEmitter<AttemptEvent>();
    const { monitor, store } = stack({ fleetAttempts: fleet.event });
    monitor.start();
    const now = Date.now();
    for (let index = 0; index < 4; index++) {
      fleet.emit({ at: now, provider: 'anthropic', model: 'claude-opus', outcome: 'failure', failureClass: 'overloaded', origin: 'upstream', status: 529, durationMs: 40, stream: false, source: 'traffic' });
    }
    const anthropic = monitor.evaluate().components.find((component) => component.id === 'provider:anthropic')!;
    expect(anthropic).toMatchObject({ status: 'major_outage' });
    await monitor.stop();
    // This instance sent none of them: its rollups (summed across instances by the store) show no traffic.
    const rollups = await store.rollups.range('provider:anthropic', now - 120_000, now + 120_000);
    expect(rollups.reduce((sum, rollup) => sum + rollup.requests, 0)).toBe(0);
  });

  it('follows breaker transitions, a breaker another instance opened (shared state) included, without traffic of its own', async () => {
    const { monitor, gateway } = stack();
    monitor.start();
    const target = () => monitor.evaluate().components.find((component) => component.id === 'target:anthropic/claude-opus')!;
    expect(target().status).toBe('operational');
    const now = Date.now();
    gateway.resilience.breakers.get('target:anthropic/claude-opus').applyShared({ state: 'open', openedAt: now, reopenAt: now + 60_000, openCount: 1 });
    expect(target().status).toBe('partial_outage');
    gateway.resilience.breakers.get('target:anthropic/claude-opus').applyShared({ state: 'closed' });
    expect(target().status).not.toBe('partial_outage');
    await monitor.stop();
  });

  it('lists every provider and concrete route target before any traffic, and provider/* for client-named models', () => {
    const { monitor } = stack();
    const snapshot = monitor.snapshot();
    expect(snapshot.components.map((component) => [component.id, component.status, component.reason])).toEqual([
      ['provider:anthropic', 'operational', 'no traffic or probes yet'],
      ['provider:openai', 'operational', 'no traffic or probes yet'],
      ['target:anthropic/claude-opus', 'operational', 'no traffic or probes recently'],
      ['target:anthropic/*', 'operational', 'no traffic or probes recently'],
      ['target:openai/gpt-big', 'operational', 'no traffic or probes recently'],
    ]);
    expect(snapshot.overall).toBe('operational');
  });

  it('shows a provider without a key as unusable from the start, with its models', () => {
    const { monitor } = stack({ openaiKeyless: true });
    const byId = new Map(monitor.snapshot().components.map((component) => [component.id, component]));
    expect(byId.get('provider:openai')).toMatchObject({ status: 'major_outage', scope: 'key', reason: expect.stringMatching(/^no API key is configured for openai/) });
    expect(byId.get('target:openai/gpt-big')).toMatchObject({ status: 'major_outage', scope: 'key' });
    expect(byId.get('provider:anthropic')).toMatchObject({ status: 'operational' });
  });

  it('sees an outage in live traffic through the gateway, reports it once on onChange, and keeps keys to labels', async () => {
    const { behaviours, gateway, monitor, call } = stack();
    const changes: HealthSnapshot[] = [];
    monitor.onChange((snapshot) => changes.push(snapshot));
    monitor.start();
    expect(changes).toHaveLength(1); // the first evaluation
    behaviours.anthropic.current = async () => {
      throw new UpstreamHttpError({ status: 529, failureClass: 'overloaded', providerMessage: 'Overloaded' });
    };
    for (let index = 0; index < 4; index++) await gateway.generate(call('opus')); // fails over to openai
    const snapshot = monitor.evaluate();
    const anthropic = snapshot.components.find((component) => component.id === 'provider:anthropic')!;
    expect(anthropic).toMatchObject({ status: 'major_outage', scope: 'global' });
    expect(anthropic.reason).toMatch(/overloaded ×4/);
    expect(snapshot.components.find((component) => component.id === 'provider:openai')).toMatchObject({ status: 'operational', scope: 'none' });
    expect(snapshot.overall).toBe('major_outage');
    await vi.waitFor(() => expect(changes.length).toBe(2));
    expect(changes[1]!.overall).toBe('major_outage');
    expect(monitor.keys()).toEqual([
      expect.objectContaining({ provider: 'anthropic', label: 'key-1 …f00d', state: 'available', failing: false }),
      expect.objectContaining({ provider: 'openai', label: 'key-1 …f00d', state: 'available', failing: false }),
    ]);
    expect(JSON.stringify([snapshot, monitor.keys()])).not.toContain(SECRET);
    await monitor.stop();
  });

  it('hands out the minutes still in memory, the one in progress included, as rollups', async () => {
    const { gateway, monitor, call } = stack();
    await gateway.generate(call('opus'));
    await gateway.generate(call('opus'));
    const now = Date.now();
    const rows = monitor.liveRollups('target:anthropic/claude-opus', now - 5 * 60_000, now + 60_000);
    const current = rows.find((row) => row.minute === Math.floor(now / 60_000) * 60_000);
    expect(current).toMatchObject({ componentId: 'target:anthropic/claude-opus', requests: 2, failures: 0, latencyCount: 2, worstStatus: 'operational' });
    expect(rows.every((row) => row.minute >= now - 5 * 60_000 && row.minute < now + 60_000)).toBe(true);
    expect(monitor.liveRollups('target:anthropic/never-used', now - 60_000, now + 60_000)).toEqual([]);
    // A 90-day range gives the same rows (only the held minutes are looked at).
    expect(monitor.liveRollups('target:anthropic/claude-opus', now - 90 * 24 * 60 * 60_000, now + 60_000)).toEqual(rows);
  });

  it('stop() writes the minute in progress for a target whose first traffic came just before it', async () => {
    const { gateway, monitor, call, store } = stack({ dynamicTargets: { publish: true } });
    monitor.start();
    // Through `claude-*` (published): a target no verdict had listed yet, stopped before the next evaluation.
    await gateway.generate(call('claude-haiku-new'));
    await gateway.generate(call('claude-haiku-new'));
    await monitor.stop();
    const now = Date.now();
    const rows = await store.rollups.range('target:anthropic/claude-haiku-new', now - 2 * 60_000, now + 60_000);
    expect(rows.reduce((sum, row) => sum + row.requests, 0)).toBe(2);
  });

  it('judges a client-named model the provider served on its own, but names it only to admins', async () => {
    const { behaviours, gateway, monitor, call, store } = stack();
    await gateway.generate(call('claude-served'));
    behaviours.anthropic.current = async (request) => {
      if (request.model === 'claude-served') throw new UpstreamHttpError({ status: 500, failureClass: 'server', providerMessage: 'boom' });
      return answer(request, {} as AttemptContext);
    };
    for (let index = 0; index < 4; index++) await gateway.generate(call('claude-served')).catch(() => undefined);
    for (let index = 0; index < 4; index++) await gateway.generate(call('opus'));
    const snapshot = monitor.evaluate();
    expect(snapshot.components.map((component) => component.id)).not.toContain('target:anthropic/claude-served');
    const anthropic = snapshot.components.find((component) => component.id === 'provider:anthropic')!;
    expect(anthropic).toMatchObject({ status: 'degraded_performance', scope: 'target' });
    expect(anthropic.reason).toMatch(/^a client-named model is failing/);
    expect(JSON.stringify(snapshot)).not.toContain('claude-served');
    expect(monitor.dynamicTargets()).toEqual([
      expect.objectContaining({ provider: 'anthropic', model: 'claude-served', published: false, status: 'major_outage', scope: 'target' }),
    ]);
    // Probed like any target, but stored under provider/*: no client text in the store either.
    const outcomes = await monitor.probeAll();
    expect(outcomes.map((outcome) => outcome.model)).toContain('claude-served');
    expect(await store.probes.latest('target:anthropic/claude-served', 10)).toEqual([]);
    expect(await store.probes.latest('target:anthropic/*', 10)).toHaveLength(1);
  });

  it('counts a made-up name that fails toward provider/* and its provider, without a component of its own', async () => {
    const { behaviours, gateway, monitor, call } = stack();
    behaviours.anthropic.current = async () => {
      throw new UpstreamHttpError({ status: 500, failureClass: 'server', providerMessage: 'boom' });
    };
    for (let index = 0; index < 5; index++) await gateway.generate(call(`claude-made-up-${index}`)).catch(() => undefined);
    const snapshot = monitor.evaluate();
    expect(snapshot.components.map((component) => component.id)).toEqual([
      'provider:anthropic',
      'provider:openai',
      'target:anthropic/claude-opus',
      'target:anthropic/*',
      'target:openai/gpt-big',
    ]);
    expect(snapshot.components.find((component) => component.id === 'target:anthropic/*')).toMatchObject({ status: 'major_outage', measured: expect.objectContaining({ failures: 5 }) });
    expect(snapshot.components.find((component) => component.id === 'provider:anthropic')).toMatchObject({ status: 'major_outage', scope: 'global' });
    expect(monitor.dynamicTargets()).toEqual([]);
  });

  it('publishes served client-named models when asked, at most max_per_provider, and drops them after ttl_ms without traffic', async () => {
    const { gateway, monitor, call, clock } = stack({ dynamicTargets: { publish: true, max_per_provider: 2, ttl_ms: 60_000 } });
    for (const model of ['claude-a', 'claude-b', 'claude-c']) await gateway.generate(call(model));
    const ids = () => monitor.evaluate().components.map((component) => component.id);
    expect(ids()).toEqual(expect.arrayContaining(['target:anthropic/claude-a', 'target:anthropic/claude-b', 'target:anthropic/*']));
    expect(ids()).not.toContain('target:anthropic/claude-c');
    expect(gateway.resilience.breakers.has('target:anthropic/*')).toBe(true);
    await gateway.generate(call('claude-a'));
    expect(gateway.resilience.breakers.has('target:anthropic/claude-a')).toBe(true);
    clock.time += 60_000;
    expect(ids().filter((id) => id.startsWith('target:anthropic/'))).toEqual(['target:anthropic/claude-opus', 'target:anthropic/*']);
    expect(monitor.dynamicTargets()).toEqual([]);
    expect(gateway.resilience.breakers.has('target:anthropic/claude-a')).toBe(false);
    expect(monitor.liveRollups('target:anthropic/claude-a', 0, Date.now() + 60_000)).toEqual([]);
  });

  it('probeAll probes every target and the probes count as evidence', async () => {
    const { behaviours, monitor, store } = stack();
    behaviours.openai.current = async () => {
      throw new UpstreamConnectionError('connection to openai failed: ECONNREFUSED', { errno: 'ECONNREFUSED' });
    };
    for (let round = 0; round < 3; round++) await monitor.probeAll();
    const snapshot = monitor.snapshot();
    expect(snapshot.components.find((component) => component.id === 'target:openai/gpt-big')).toMatchObject({
      status: 'major_outage',
      measured: expect.objectContaining({ probes: 3, probeFailures: 3 }),
    });
    expect(snapshot.components.find((component) => component.id === 'target:anthropic/claude-opus')).toMatchObject({ status: 'operational' });
    expect(await store.probes.latest('target:openai/gpt-big', 10)).toHaveLength(3);
    const checks = await monitor.checkKeys();
    expect(checks.map((check) => [check.provider, check.label, check.outcome])).toEqual([
      ['anthropic', 'key-1 …f00d', 'valid'],
      ['openai', 'key-1 …f00d', 'provider_unavailable'],
    ]);
    await monitor.stop();
  });

  it('shows the official status beside our verdict without changing it', async () => {
    const { monitor } = stack({ official: true });
    monitor.start();
    await vi.waitFor(() => expect(monitor.evaluate().components[0]!.official?.status).toBe('partial_outage'));
    expect(monitor.snapshot().components[0]).toMatchObject({ id: 'provider:anthropic', status: 'operational', scope: 'official' });
    await monitor.stop();
  });

  it('writes rollups of the minute in progress on stop', async () => {
    const { gateway, monitor, call, store } = stack();
    monitor.start();
    await gateway.generate(call('opus'));
    await monitor.stop();
    const rows = await store.rollups.range('target:anthropic/claude-opus', 0, Date.now() + 60_000);
    expect(rows).toEqual([expect.objectContaining({ requests: 1, failures: 0, latencyCount: 1, worstStatus: 'operational' })]);
  });
});
