import { describe, expect, it } from 'vitest';
import { allScenarios, selectScenarios } from './scenarios.js';

describe('allScenarios', () => {
  const scenarios = allScenarios();

  it('has unique ids and a baseline that exists for each', () => {
    const ids = new Set(scenarios.map((scenario) => scenario.id));
    expect(ids.size).toBe(scenarios.length);
    for (const scenario of scenarios) expect(ids.has(scenario.baselineId), scenario.id).toBe(true);
  });

  it('pairs each passthrough and translated scenario with the bare-proxy scenario of the client format, mode and body', () => {
    const byId = new Map(scenarios.map((scenario) => [scenario.id, scenario]));
    const paired = scenarios.filter((scenario) => scenario.group === 'passthrough' || scenario.group === 'translated');
    expect(paired).toHaveLength(12);
    for (const scenario of paired) {
      const bare = byId.get(scenario.bareProxyId ?? '');
      expect(bare?.via, scenario.id).toBe('bare-proxy');
      expect(bare?.clientFormat).toBe(scenario.clientFormat);
      expect(bare?.stream).toBe(scenario.stream);
      expect(bare?.body).toBe(scenario.body);
    }
    expect(scenarios.filter((scenario) => !paired.includes(scenario) && scenario.bareProxyId !== undefined)).toEqual([]);
  });

  it('has the long-session turns, streamed, same-format and translated, each with a direct baseline carrying the same conversation', () => {
    const byId = new Map(scenarios.map((scenario) => [scenario.id, scenario]));
    for (const body of ['session-300k', 'session-1m'] as const) {
      const sessions = scenarios.filter((scenario) => scenario.body === body && scenario.via === 'lifeline');
      expect(sessions.map((scenario) => `${scenario.group}:${scenario.clientFormat}>${scenario.upstream}:${scenario.stream}`).sort()).toEqual([
        'passthrough:anthropic>anthropic:true',
        'translated:anthropic>openai:true',
      ]);
      for (const scenario of sessions) expect(byId.get(scenario.baselineId)?.body).toBe(body);
    }
  });

  it('compares each Lifeline scenario with a direct run of the same mode, except the refused-primary one', () => {
    const byId = new Map(scenarios.map((scenario) => [scenario.id, scenario]));
    for (const scenario of scenarios) {
      const baseline = byId.get(scenario.baselineId);
      expect(baseline?.stream).toBe(scenario.stream);
      expect(baseline?.upstream).toBe(scenario.upstream);
      if (scenario.id !== 'resilience-primary-unreachable-json') expect(baseline?.via).toBe('direct');
    }
  });

  it('covers direct, passthrough and translated in both modes and both directions', () => {
    const keys = scenarios.map((scenario) => `${scenario.group}:${scenario.clientFormat}>${scenario.upstream}:${scenario.stream}`);
    for (const stream of [false, true]) {
      for (const [client, upstream] of [['anthropic', 'anthropic'], ['openai', 'openai']]) {
        expect(keys).toContain(`direct:${client}>${upstream}:${stream}`);
        expect(keys).toContain(`bare-proxy:${client}>${upstream}:${stream}`);
        expect(keys).toContain(`passthrough:${client}>${upstream}:${stream}`);
      }
      expect(keys).toContain(`translated:anthropic>openai:${stream}`);
      expect(keys).toContain(`translated:openai>anthropic:${stream}`);
    }
  });
});

describe('allScenarios with nginx', () => {
  const scenarios = allScenarios({ nginx: true });

  it('adds one nginx row per upstream and mode, and links every passthrough and translated row to its upstream\'s', () => {
    const byId = new Map(scenarios.map((scenario) => [scenario.id, scenario]));
    expect(scenarios.filter((scenario) => scenario.via === 'nginx').map((scenario) => scenario.id).sort()).toEqual([
      'nginx-anthropic-json', 'nginx-anthropic-session-1m-stream', 'nginx-anthropic-session-300k-stream', 'nginx-anthropic-stream', 'nginx-openai-json', 'nginx-openai-session-1m-stream', 'nginx-openai-session-300k-stream', 'nginx-openai-stream',
    ]);
    for (const scenario of scenarios) {
      const linked = scenario.group === 'passthrough' || scenario.group === 'translated';
      expect(scenario.nginxId !== undefined, scenario.id).toBe(linked);
      if (!linked) continue;
      const nginx = byId.get(scenario.nginxId ?? '');
      expect(nginx?.upstream).toBe(scenario.upstream);
      expect(nginx?.stream).toBe(scenario.stream);
    }
    expect(allScenarios().some((scenario) => scenario.via === 'nginx' || scenario.nginxId !== undefined)).toBe(false);
  });

  it('brings in the nginx row a match compares with', () => {
    const ids = selectScenarios(scenarios, 'translated-openai-to-anthropic-json').map((scenario) => scenario.id);
    expect(ids).toEqual(['direct-anthropic-json', 'direct-openai-json', 'nginx-anthropic-json', 'bare-proxy-openai-json', 'translated-openai-to-anthropic-json']);
  });
});

describe('selectScenarios', () => {
  it('keeps matches and the baselines they need, transitively', () => {
    const ids = selectScenarios(allScenarios(), 'unreachable').map((scenario) => scenario.id);
    expect(ids).toEqual(['direct-anthropic-json', 'resilience-healthy-primary-json', 'resilience-primary-unreachable-json']);
  });

  it('brings in the bare-proxy scenario a passthrough match compares with', () => {
    const ids = selectScenarios(allScenarios(), 'passthrough-openai-to-openai-stream').map((scenario) => scenario.id);
    expect(ids).toEqual(['direct-openai-stream', 'bare-proxy-openai-stream', 'passthrough-openai-to-openai-stream']);
  });

  it('returns everything without a filter', () => {
    expect(selectScenarios(allScenarios(), undefined)).toHaveLength(allScenarios().length);
  });
});
