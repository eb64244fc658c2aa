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
    const expectedOrigins = new Set<string>();
    for (const scenario of allScenarios()) {
      const request = benchRequestFor(scenario, origins);
      const expected =
        scenario.via === 'lifeline'
          ? origins.lifeline
          : scenario.via === 'bare-proxy'
            ? origins.bareProxy
            : scenario.upstream === 'anthropic'
              ? origins.anthropicSimulator
              : origins.openaiSimulator;
      expectedOrigins.add(expected);
      expect(request.origin, scenario.id).toBe(expected);
      expect(request.path).toBe(scenario.clientFormat === 'anthropic' ? '/v1/messages' : '/v1/chat/completions');
      expect(JSON.parse(request.body)).toMatchObject({ model: scenario.model, stream: scenario.stream });
      expect(request.endMarker).toBe(scenario.stream ? (scenario.clientFormat === 'anthropic' ? 'message_stop' : '[DONE]') : undefined);
    }
    expect(expectedOrigins.size).toBe(4);
  });

  it('takes the origin of a base URL with a path', () => {
    expect(originOf('http://127.0.0.1:4102/v1')).toBe('http://127.0.0.1:4102');
  });
});
