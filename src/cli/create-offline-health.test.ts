import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import { chooseProbeTargets, createOfflineHealth } from './create-offline-health.js';

const config = parseConfigText(
  `
providers:
  anthropic: { type: anthropic, base_url: "http://127.0.0.1:9", keys: [sk-a-offline-test-1111] }
  openai: { type: openai, base_url: "http://127.0.0.1:9/v1", keys: [sk-o-offline-test-2222], models: [gpt-listed] }
  local: { type: openai-compatible, base_url: "http://127.0.0.1:9/v1" }
  named: { type: openai-compatible, base_url: "http://127.0.0.1:9/v1", models: [qwen3] }
routes:
  "claude-*": ["anthropic/*", "openai/gpt-5"]
  "gpt-*": ["openai/*"]
`,
  { env: {} },
);

describe('chooseProbeTargets', () => {
  it('prefers a concrete model named by a route, then the provider\'s models, then a small default of its type', () => {
    expect(Object.fromEntries(chooseProbeTargets(config))).toEqual({
      openai: { provider: 'openai', model: 'gpt-5' },
      anthropic: { provider: 'anthropic', model: 'claude-haiku-4-5' },
      named: { provider: 'named', model: 'qwen3' },
    });
  });
});

describe('createOfflineHealth', () => {
  it('builds the gateway and health monitor without a port, and reports an unreachable provider per key', async () => {
    const offline = createOfflineHealth(config);
    try {
      expect([...offline.gateway.providers.keys()]).toEqual(['anthropic', 'openai', 'local', 'named']);
      const checks = await offline.health.checkKeys();
      // Port 9 (discard) is closed on loopback: every key's probe fails with a connection error.
      expect(checks.map((check) => [check.provider, check.label, check.outcome, check.model])).toEqual([
        ['anthropic', 'key-1 …1111', 'provider_unavailable', 'claude-haiku-4-5'],
        ['openai', 'key-1 …2222', 'provider_unavailable', 'gpt-5'],
      ]);
    } finally {
      await offline.close();
    }
  });
});
