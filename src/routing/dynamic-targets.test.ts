import { describe, expect, it } from 'vitest';
import { DynamicTargets, OTHER_MODELS, type DynamicTarget } from './dynamic-targets.js';

function dynamicTargets(options: { maxPerProvider?: number; ttlMs?: number } = {}) {
  const clock = { time: 1_000_000, now: () => clock.time };
  const dynamic = new DynamicTargets({
    routeTargets: [
      { provider: 'anthropic', model: '*' },
      { provider: 'anthropic', model: 'claude-configured' },
      { provider: 'openai', model: 'gpt-5' },
    ],
    maxPerProvider: options.maxPerProvider ?? 2,
    ttlMs: options.ttlMs ?? 60_000,
    clock,
  });
  const dropped: DynamicTarget[] = [];
  dynamic.onDropped((target) => dropped.push(target));
  return { dynamic, clock, dropped };
}

describe('DynamicTargets', () => {
  it('keeps configured models under their own name and client-named ones under provider/* until the provider answers them', () => {
    const { dynamic } = dynamicTargets();
    expect(dynamic.stateModel('anthropic', 'claude-configured')).toBe('claude-configured');
    expect(dynamic.stateModel('anthropic', 'claude-made-up')).toBe(OTHER_MODELS);
    expect(dynamic.recordUse('anthropic', 'claude-made-up', false)).toBe(false);
    expect(dynamic.stateModel('anthropic', 'claude-made-up')).toBe(OTHER_MODELS);
    expect(dynamic.recordUse('anthropic', 'claude-made-up', true)).toBe(true);
    expect(dynamic.stateModel('anthropic', 'claude-made-up')).toBe('claude-made-up');
    expect(dynamic.list()).toEqual([{ provider: 'anthropic', model: 'claude-made-up', firstServedAt: 1_000_000, lastUsedAt: 1_000_000 }]);
    // A provider no provider/* route reaches only ever sees configured names.
    expect(dynamic.hasOtherModels('openai')).toBe(false);
    expect(dynamic.stateModel('openai', 'gpt-5')).toBe('gpt-5');
  });

  it('admits at most maxPerProvider models per provider; later ones stay in the shared state', () => {
    const { dynamic } = dynamicTargets({ maxPerProvider: 2 });
    for (const model of ['m1', 'm2', 'm3', 'm4']) dynamic.recordUse('anthropic', model, true);
    expect(dynamic.list().map((target) => target.model)).toEqual(['m1', 'm2']);
    expect(dynamic.stateModel('anthropic', 'm3')).toBe(OTHER_MODELS);
    // The literal name `*` is the shared state itself, never a model of its own.
    const { dynamic: other } = dynamicTargets();
    expect(other.recordUse('anthropic', '*', true)).toBe(false);
    expect(other.list()).toEqual([]);
  });

  it('drops a model unused for ttlMs, failed and skipped attempts counting as use, and frees its place', () => {
    const { dynamic, clock, dropped } = dynamicTargets({ maxPerProvider: 2, ttlMs: 60_000 });
    dynamic.recordUse('anthropic', 'kept', true);
    dynamic.recordUse('anthropic', 'idle', true);
    clock.time += 50_000;
    dynamic.recordUse('anthropic', 'kept', false);
    clock.time += 10_000;
    expect(dynamic.sweep().map((target) => target.model)).toEqual(['idle']);
    expect(dropped.map((target) => target.model)).toEqual(['idle']);
    expect(dynamic.stateModel('anthropic', 'idle')).toBe(OTHER_MODELS);
    expect(dynamic.recordUse('anthropic', 'newcomer', true)).toBe(true);
    expect(dynamic.list().map((target) => target.model)).toEqual(['kept', 'newcomer']);
  });

  it('makes room for a newcomer by sweeping expired models first', () => {
    const { dynamic, clock, dropped } = dynamicTargets({ maxPerProvider: 1, ttlMs: 1_000 });
    dynamic.recordUse('anthropic', 'old', true);
    clock.time += 1_000;
    expect(dynamic.recordUse('anthropic', 'new', true)).toBe(true);
    expect(dropped.map((target) => target.model)).toEqual(['old']);
    expect(dynamic.list().map((target) => target.model)).toEqual(['new']);
  });
});
