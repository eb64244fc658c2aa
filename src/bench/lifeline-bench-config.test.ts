import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import { lifelineBenchConfig } from './lifeline-bench-config.js';
import { allScenarios } from './scenarios.js';

describe('lifelineBenchConfig', () => {
  const text = lifelineBenchConfig({
    anthropicUrl: 'http://127.0.0.1:4101',
    openaiUrl: 'http://127.0.0.1:4102/v1',
    unreachablePort: 4199,
    storageDirectory: '/tmp/bench',
  });

  it('is a configuration Lifeline accepts, logging at info on an ephemeral port', () => {
    const config = parseConfigText(text, { env: {} });
    expect(config.logging.level).toBe('info');
    expect(config.server.port).toBe(0);
    expect(config.server.host).toBe('127.0.0.1');
  });

  it('has a route for every scenario that goes through Lifeline', () => {
    for (const scenario of allScenarios().filter((candidate) => candidate.via === 'lifeline')) {
      expect(text).toContain(`${scenario.model}:`);
    }
  });

  it('puts the refused port first on the failover route, before a healthy target', () => {
    expect(text).toMatch(/bench-primary-unreachable:\n\s+- unreachable\/claude-sonnet-4-5\n\s+- anthropic\/claude-sonnet-4-5/);
    expect(text).toContain('base_url: http://127.0.0.1:4199');
  });
});
