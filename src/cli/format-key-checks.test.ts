import { describe, expect, it } from 'vitest';
import type { KeyCheck } from '../health/index.js';
import { describeKeyCheck, formatKeyChecks, keyChecksExitCode } from './format-key-checks.js';
import type { ProviderKeyReport } from './run-key-checks.js';

const check = (overrides: Partial<KeyCheck>): KeyCheck => ({ provider: 'anthropic', label: 'key-1 …abcd', outcome: 'valid', sent: true, model: 'claude-x', latencyMs: 42, ...overrides });
const report = (checks: KeyCheck[], overrides: Partial<ProviderKeyReport> = {}): ProviderKeyReport => ({
  name: 'anthropic',
  type: 'anthropic',
  baseUrl: 'https://api.anthropic.com',
  keyOptional: false,
  checks,
  ...overrides,
});

describe('describeKeyCheck', () => {
  it.each([
    [check({ outcome: 'valid' }), 'valid'],
    [check({ outcome: 'invalid', failureClass: 'auth' }), 'invalid key'],
    [check({ outcome: 'rate_limited', failureClass: 'rate_limited' }), 'rate-limited'],
    [check({ outcome: 'rate_limited', sent: false, untilMs: Date.parse('2026-11-24T12:00:30Z') }), 'rate-limited (until 12:00:30 UTC)'],
    [check({ outcome: 'quota', failureClass: 'quota' }), 'out of quota'],
    [check({ outcome: 'provider_unavailable', failureClass: 'network' }), 'provider down (network)'],
    [check({ outcome: 'model_unavailable', failureClass: 'not_found' }), 'model unavailable'],
    [check({ outcome: 'no_target', sent: false }), 'no target to probe'],
  ])('%# says %s', (input, words) => {
    expect(describeKeyCheck(input)).toBe(words);
  });
});

describe('formatKeyChecks', () => {
  it('prints one line per key label with the model and latency, then a summary', () => {
    const text = formatKeyChecks([
      report([check({}), check({ label: 'key-2 …ef01', outcome: 'invalid', failureClass: 'auth', latencyMs: 1_500 })]),
      report([check({ provider: 'openai', label: 'key-1 …9999', outcome: 'provider_unavailable', failureClass: 'overloaded', model: 'gpt-5', latencyMs: 7.4 })], {
        name: 'openai',
        type: 'openai',
        baseUrl: 'https://api.openai.com/v1',
      }),
    ]);
    expect(text.split('\n')).toEqual([
      'anthropic (anthropic, https://api.anthropic.com)',
      '  key-1 …abcd  valid                       model claude-x, 42 ms',
      '  key-2 …ef01  invalid key                 model claude-x, 1.5 s',
      'openai (openai, https://api.openai.com/v1)',
      '  key-1 …9999  provider down (overloaded)  model gpt-5, 7 ms',
      '3 keys checked: 1 valid, 2 not',
    ]);
  });

  it('explains a key that could not be probed and a provider without any key', () => {
    const text = formatKeyChecks([
      report([check({ outcome: 'no_target', sent: false, model: undefined, latencyMs: undefined })]),
      report([], { name: 'openai', type: 'openai', baseUrl: 'https://api.openai.com/v1' }),
    ]);
    expect(text.split('\n')).toEqual([
      'anthropic (anthropic, https://api.anthropic.com)',
      '  key-1 …abcd  no target to probe  not sent',
      '               (name a model in providers.anthropic.models or in a route to check this key)',
      'openai (openai, https://api.openai.com/v1)',
      '  (no key)     no key configured: its targets are skipped',
      '1 key checked: 0 valid, 1 not; 1 provider(s) without a key',
    ]);
  });
});

describe('keyChecksExitCode', () => {
  it('is 0 only when every key of every provider is valid', () => {
    expect(keyChecksExitCode([report([check({}), check({ label: 'key-2' })])])).toBe(0);
    expect(keyChecksExitCode([report([check({}), check({ outcome: 'rate_limited' })])])).toBe(1);
    expect(keyChecksExitCode([report([check({})]), report([], { name: 'openai' })])).toBe(1);
  });
});
