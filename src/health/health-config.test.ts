import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH, healthConfigSchema } from './health-config.js';

describe('healthConfigSchema', () => {
  it('fills every default from an empty block', () => {
    expect(DEFAULT_HEALTH).toEqual({
      window_ms: 30_000,
      recent_window_ms: 10_000,
      baseline_window_ms: 1_800_000,
      evaluate_interval_ms: 1_000,
      stale_after_ms: 300_000,
      probe: { enabled: true, interval_ms: 30_000, unhealthy_interval_ms: 3_000, idle_ms: 30_000, timeout_ms: 10_000 },
      dynamic_targets: { max_per_provider: 20, ttl_ms: 3_600_000, publish: false },
      official: { enabled: true, interval_ms: 60_000, timeout_ms: 5_000 },
      thresholds: {
        degraded_error_rate: 0.05,
        partial_error_rate: 0.25,
        major_error_rate: 0.75,
        min_requests: 5,
        slow_factor: 3,
        slow_min_increase_ms: 2_000,
        slow_min_samples: 10,
        baseline_min_samples: 30,
      },
      hysteresis: { open_after_failures: 3, recover_after_successes: 5, recover_after_ms: 30_000, deescalate_after_ms: 15_000 },
    });
  });

  it('keeps defaults beside fields that are set', () => {
    const parsed = healthConfigSchema.parse({ probe: { interval_ms: 15_000 }, thresholds: { partial_error_rate: 0.2 } });
    expect(parsed.probe).toMatchObject({ interval_ms: 15_000, idle_ms: 30_000, enabled: true });
    expect(parsed.thresholds).toMatchObject({ partial_error_rate: 0.2, major_error_rate: 0.75 });
  });

  it.each([
    [{ windowms: 1 }, /Unrecognized key/],
    [{ probe: { interval: 5 } }, /Unrecognized key/],
    [{ dynamic_targets: { max_targets: 5 } }, /Unrecognized key/],
    [{ dynamic_targets: { max_per_provider: -1 } }, /expected number to be >=0/],
    [{ thresholds: { degraded_error_rate: 0.5, partial_error_rate: 0.2 } }, /degraded_error_rate <= partial_error_rate/],
    [{ thresholds: { major_error_rate: 1.5 } }, /1/],
    [{ recent_window_ms: 60_000 }, /recent_window_ms <= window_ms/],
    [{ window_ms: -5 }, /expected number to be >0/],
  ])('rejects %j', (input, message) => {
    const result = healthConfigSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.message).toMatch(message);
  });
});
