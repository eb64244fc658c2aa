import { describe, expect, it } from 'vitest';
import type { RouteTarget } from '../config/resolved-config.js';
import { DEFAULT_RESILIENCE } from '../resilience/resilience-options.js';
import { RouteTable } from './route-table.js';

const route = (pattern: string, targets: RouteTarget[]) => ({ pattern, targets, longContext: [], resilience: DEFAULT_RESILIENCE });

const table = new RouteTable([
  route('claude-*', [{ provider: 'anthropic', model: '*' }, { provider: 'openai', model: 'gpt-5' }]),
  route('claude-special', [{ provider: 'local', model: 'qwen3' }]),
  route('gpt-?', [{ provider: 'openai', model: '*' }]),
]);

describe('RouteTable', () => {
  it('resolves provider/* to the requested model name and keeps target order', () => {
    expect(table.match('claude-opus-5-5')).toMatchObject({
      pattern: 'claude-*',
      targets: [{ provider: 'anthropic', model: 'claude-opus-5-5' }, { provider: 'openai', model: 'gpt-5' }],
    });
  });

  it('marks the targets whose model name came from the client', () => {
    expect(table.match('claude-opus-5-5')?.targets).toEqual([
      { provider: 'anthropic', model: 'claude-opus-5-5', clientNamed: true },
      { provider: 'openai', model: 'gpt-5' },
    ]);
  });

  it('hands every request the same frozen match when no target takes the client name, and a fresh one when one does', () => {
    const fixed = table.match('claude-special');
    expect(table.match('claude-special')).toBe(fixed);
    expect(Object.isFrozen(fixed) && Object.isFrozen(fixed!.targets) && Object.isFrozen(fixed!.targets[0])).toBe(true);
    expect(table.match('claude-a')).not.toBe(table.match('claude-a'));
    expect(table.match('claude-b')?.targets[0]?.model).toBe('claude-b');
  });

  it('prefers an exact route over a glob that also matches', () => {
    expect(table.match('claude-special')?.targets).toEqual([{ provider: 'local', model: 'qwen3' }]);
  });

  it('treats ? as exactly one character and escapes regex metacharacters', () => {
    expect(table.accepts('gpt-5')).toBe(true);
    expect(table.accepts('gpt-55')).toBe(false);
    expect(new RouteTable([route('a.b', [{ provider: 'p', model: '*' }])]).accepts('axb')).toBe(false);
  });

  it('returns undefined for a model no route accepts', () => {
    expect(table.match('llama-3')).toBeUndefined();
  });
});
