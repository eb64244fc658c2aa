import { describe, expect, it } from 'vitest';
import { benchRequestFor, originOf } from './bench-request.js';
import { allScenarios } from './scenarios.js';

const origins = {
  anthropicSimulator: 'http://127.0.0.1:1',
  openaiSimulator: 'http://127.0.0.1:2',
  lifeline: 'http://127.0.0.1:3',
  bareProxy: 'http://127.0.0.1:4',
};

describe('benchRequestFor', () => {
  it('sends direct scenarios to the serving simulator, bare-proxy ones to the bare proxy and the rest to Lifeline', () => {
    // Spelled out per scenario rather than re-derived, so a mistake in the routing rule shows.
    const expectedOrigin: Record<string, string> = {
      'direct-anthropic-json': origins.anthropicSimulator,
      'direct-openai-json': origins.openaiSimulator,
      'bare-proxy-anthropic-json': origins.bareProxy,
      'bare-proxy-openai-json': origins.bareProxy,
      'passthrough-anthropic-to-anthropic-json': origins.lifeline,
      'passthrough-openai-to-openai-json': origins.lifeline,
      'translated-anthropic-to-openai-json': origins.lifeline,
      'translated-openai-to-anthropic-json': origins.lifeline,
      'resilience-healthy-primary-json': origins.lifeline,
      'resilience-primary-unreachable-json': origins.lifeline,
      'direct-anthropic-stream': origins.anthropicSimulator,
      'direct-openai-stream': origins.openaiSimulator,
      'bare-proxy-anthropic-stream': origins.bareProxy,
      'bare-proxy-openai-stream': origins.bareProxy,
      'passthrough-anthropic-to-anthropic-stream': origins.lifeline,
      'passthrough-openai-to-openai-stream': origins.lifeline,
      'translated-anthropic-to-openai-stream': origins.lifeline,
      'translated-openai-to-anthropic-stream': origins.lifeline,
      ...Object.fromEntries(
        (['session-300k', 'session-1m'] as const).flatMap((size) => [
          [`direct-anthropic-${size}-stream`, origins.anthropicSimulator],
          [`direct-openai-${size}-stream`, origins.openaiSimulator],
          [`bare-proxy-anthropic-${size}-stream`, origins.bareProxy],
          [`passthrough-anthropic-to-anthropic-${size}-stream`, origins.lifeline],
          [`translated-anthropic-to-openai-${size}-stream`, origins.lifeline],
        ]),
      ),
    };
    expect(allScenarios().map((scenario) => scenario.id).sort()).toEqual(Object.keys(expectedOrigin).sort());
    for (const scenario of allScenarios()) {
      const request = benchRequestFor(scenario, origins);
      expect(request.origin, scenario.id).toBe(expectedOrigin[scenario.id]);
      expect(request.path).toBe(scenario.clientFormat === 'anthropic' ? '/v1/messages' : '/v1/chat/completions');
      expect(JSON.parse(request.body)).toMatchObject({ model: scenario.model, stream: scenario.stream });
      expect(request.endMarker).toBe(scenario.stream ? (scenario.clientFormat === 'anthropic' ? 'message_stop' : '[DONE]') : undefined);
    }
  });

  it('sends a long session as the whole conversation: 120 tool round trips near 300 KB, 420 near 1 MB, in the client format', () => {
    const sizes = new Map<string, number>();
    for (const scenario of allScenarios().filter((candidate) => candidate.body !== 'small')) {
      const body = JSON.parse(benchRequestFor(scenario, origins).body) as { messages: { role: string }[] };
      const toolTurns = body.messages.filter((message) => message.role === (scenario.clientFormat === 'anthropic' ? 'user' : 'tool')).length;
      expect(toolTurns, scenario.id).toBe(scenario.clientFormat === 'anthropic' ? (scenario.body === 'session-300k' ? 121 : 421) : scenario.body === 'session-300k' ? 120 : 420);
      sizes.set(scenario.body, benchRequestFor(scenario, origins).body.length);
    }
    expect(sizes.get('session-300k')).toBeGreaterThan(280_000);
    expect(sizes.get('session-300k')).toBeLessThan(320_000);
    expect(sizes.get('session-1m')).toBeGreaterThan(1_000_000);
  });

  it('takes the origin of a base URL with a path', () => {
    expect(originOf('http://127.0.0.1:4102/v1')).toBe('http://127.0.0.1:4102');
  });
});
