import { describe, expect, it } from 'vitest';
import { buildDemoConfig, DEMO_FALLBACK_MODEL, DEMO_MODEL } from './demo-config.js';
import { FAST_DEMO, NORMAL_DEMO, type DemoSettings } from './demo-settings.js';

describe('buildDemoConfig', () => {
  it.each([
    ['normal', NORMAL_DEMO],
    ['fast', FAST_DEMO],
  ] as Array<[string, DemoSettings]>)('(%s) routes claude-* to anthropic then openai, on loopback, in memory, with nothing real polled', (_name, settings) => {
    const config = buildDemoConfig(settings, { anthropic: 'http://127.0.0.1:1', openai: 'http://127.0.0.1:2/v1' }, { host: '127.0.0.1', port: 0 });
    expect(config.routes.map((route) => [route.pattern, route.targets])).toEqual([
      ['claude-*', [{ provider: 'anthropic', model: '*' }, { provider: 'openai', model: DEMO_FALLBACK_MODEL }]],
    ]);
    expect(DEMO_MODEL).toMatch(/^claude-/);
    expect(config.storage.path).toBe(':memory:');
    expect(config.health.official.enabled).toBe(false);
    expect(Object.values(config.providers).map((provider) => provider.statusPageUrl)).toEqual([false, false]);
    expect(config.incidents.open_after_ms).toBe(settings.incidents.openAfterMs);
  });

  it.each([
    ['normal', NORMAL_DEMO],
    ['fast', FAST_DEMO],
  ] as Array<[string, DemoSettings]>)('(%s) times the story so the incident can open during the outage and resolve during recovery', (_name, settings) => {
    const outageMs = settings.phases.overloadMs + settings.phases.outageMs;
    expect(settings.incidents.openAfterMs).toBeLessThan(settings.phases.overloadMs);
    expect(settings.health.recoverAfterMs + settings.incidents.resolveAfterMs + settings.ejectionMs * 2).toBeLessThan(settings.phases.recoveryMaxMs);
    expect(settings.phases.healthyMs + outageMs + settings.phases.recoveryMaxMs).toBeLessThanOrEqual(settings === FAST_DEMO ? 40_000 : 90_000);
  });
});
