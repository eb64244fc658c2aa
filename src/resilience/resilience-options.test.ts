import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  DEFAULT_RESILIENCE,
  mergeResilience,
  resilienceConfigSchema,
  resilienceIssues,
  resilienceOptionsSchema,
  resilienceOverrideSchema,
} from './resilience-options.js';

describe('resilience options', () => {
  it('has complete, valid defaults', () => {
    expect(resilienceOptionsSchema.parse(DEFAULT_RESILIENCE)).toEqual(DEFAULT_RESILIENCE);
    expect(resilienceIssues(DEFAULT_RESILIENCE)).toEqual([]);
  });

  it('fills an absent or empty block with the defaults', () => {
    expect(resilienceConfigSchema.parse(undefined)).toEqual(DEFAULT_RESILIENCE);
    expect(resilienceConfigSchema.parse({})).toEqual(DEFAULT_RESILIENCE);
  });

  it('reads a YAML block, overriding only the fields written', () => {
    const yaml = parseYaml(`
retries:
  max_retries_per_target: 2
breaker:
  consecutive_failures: 3
hedging:
  enabled: true
  delay_ms: 1500
`) as unknown;
    const options = resilienceConfigSchema.parse(yaml);
    expect(options.retries).toEqual({ ...DEFAULT_RESILIENCE.retries, max_retries_per_target: 2 });
    expect(options.breaker.consecutive_failures).toBe(3);
    expect(options.breaker.window_ms).toBe(DEFAULT_RESILIENCE.breaker.window_ms);
    expect(options.hedging).toMatchObject({ enabled: true, delay_ms: 1500 });
    expect(options.keys).toEqual(DEFAULT_RESILIENCE.keys);
  });

  it('accepts delay_ms: auto and rejects other strings', () => {
    expect(resilienceConfigSchema.parse({ hedging: { delay_ms: 'auto' } }).hedging.delay_ms).toBe('auto');
    expect(resilienceConfigSchema.safeParse({ hedging: { delay_ms: 'soon' } }).success).toBe(false);
  });

  it('rejects typos, wrong types and out-of-range values', () => {
    expect(resilienceConfigSchema.safeParse({ retries: { max_retry_per_target: 1 } }).success).toBe(false);
    expect(resilienceConfigSchema.safeParse({ retry: {} }).success).toBe(false);
    expect(resilienceConfigSchema.safeParse({ breaker: { consecutive_failures: 0 } }).success).toBe(false);
    expect(resilienceConfigSchema.safeParse({ retries: { budget_percent: 120 } }).success).toBe(false);
    expect(resilienceConfigSchema.safeParse({ timeouts: { total_ms: '10s' } }).success).toBe(false);
  });

  it('rejects a maximum below its base', () => {
    const result = resilienceConfigSchema.safeParse({ breaker: { base_ejection_time_ms: 60_000, max_ejection_time_ms: 30_000 } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('max_ejection_time_ms');
  });

  it('layers a route block over the global settings without applying defaults again', () => {
    const global = resilienceConfigSchema.parse({ retries: { max_retries_per_target: 0 }, keys: { auth_cooldown_ms: 5_000 } });
    const route = resilienceOverrideSchema.parse({ timeouts: { first_byte_ms: 30_000 } });
    const merged = mergeResilience(global, route);
    expect(merged.retries.max_retries_per_target).toBe(0);
    expect(merged.keys.auth_cooldown_ms).toBe(5_000);
    expect(merged.timeouts).toEqual({ ...DEFAULT_RESILIENCE.timeouts, first_byte_ms: 30_000 });
    expect(mergeResilience(global, undefined)).toBe(global);
  });

  it('does not let an explicit undefined erase a setting', () => {
    const merged = mergeResilience(DEFAULT_RESILIENCE, { retries: { base_backoff_ms: undefined } });
    expect(merged.retries.base_backoff_ms).toBe(DEFAULT_RESILIENCE.retries.base_backoff_ms);
  });
});
