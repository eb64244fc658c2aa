import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH } from './health-config.js';
import { healthFromErrorRate, toComponentStatus, withBreaker } from './to-component-status.js';

describe('toComponentStatus', () => {
  it.each([
    [{ state: 'healthy' } as const, 'operational'],
    [{ state: 'degraded' } as const, 'degraded_performance'],
    [{ state: 'ejected', extent: 'partial' } as const, 'partial_outage'],
    [{ state: 'ejected', extent: 'total' } as const, 'major_outage'],
  ])('maps %j to %s', (health, status) => {
    expect(toComponentStatus(health)).toBe(status);
  });

  it.each([
    [0, 'operational'],
    [0.049, 'operational'],
    [0.05, 'degraded_performance'],
    [0.25, 'partial_outage'],
    [0.75, 'major_outage'],
    [1, 'major_outage'],
  ])('error rate %f is %s', (rate, status) => {
    expect(toComponentStatus(healthFromErrorRate(rate, DEFAULT_HEALTH.thresholds))).toBe(status);
  });

  it('an open breaker is at least partial_outage', () => {
    expect(toComponentStatus(withBreaker({ state: 'healthy' }, 'open'))).toBe('partial_outage');
    expect(toComponentStatus(withBreaker({ state: 'ejected', extent: 'total' }, 'open'))).toBe('major_outage');
    expect(toComponentStatus(withBreaker({ state: 'healthy' }, 'half-open'))).toBe('operational');
  });
});
