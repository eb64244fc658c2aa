import { describe, expect, it } from 'vitest';
import { worseStatus, worstStatus } from './health-types.js';

describe('worseStatus / worstStatus', () => {
  it('pick the most severe status, operational when there is none', () => {
    expect(worseStatus('degraded_performance', 'partial_outage')).toBe('partial_outage');
    expect(worseStatus('major_outage', 'operational')).toBe('major_outage');
    expect(worstStatus(['operational', 'major_outage', 'degraded_performance'])).toBe('major_outage');
    expect(worstStatus(['degraded_performance', 'operational'])).toBe('degraded_performance');
    expect(worstStatus([])).toBe('operational');
  });
});
