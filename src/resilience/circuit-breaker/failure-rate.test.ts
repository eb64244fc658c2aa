import { describe, expect, it } from 'vitest';
import { FailureRate } from './failure-rate.js';

describe('FailureRate', () => {
  it('stays closed below the minimum volume however bad the ratio', () => {
    const algorithm = new FailureRate({ thresholdPercent: 50, minimumVolume: 10, windowMs: 30_000 });
    for (let call = 0; call < 9; call++) algorithm.recordFailure(1_000);
    expect(algorithm.shouldOpen(1_000)).toBe(false);
  });

  it('opens once the volume is reached and the failure ratio meets the threshold', () => {
    const algorithm = new FailureRate({ thresholdPercent: 50, minimumVolume: 10, windowMs: 30_000 });
    for (let call = 0; call < 5; call++) algorithm.recordSuccess(1_000);
    for (let call = 0; call < 4; call++) algorithm.recordFailure(2_000);
    expect(algorithm.shouldOpen(2_000)).toBe(false);
    algorithm.recordFailure(3_000);
    expect(algorithm.shouldOpen(3_000)).toBe(true);
  });

  it('does not open while failures stay under the threshold', () => {
    const algorithm = new FailureRate({ thresholdPercent: 50, minimumVolume: 10 });
    for (let call = 0; call < 60; call++) algorithm.recordSuccess(1_000);
    for (let call = 0; call < 40; call++) algorithm.recordFailure(1_000);
    expect(algorithm.shouldOpen(1_000)).toBe(false);
  });

  it('forgets calls that slid out of the window', () => {
    const algorithm = new FailureRate({ thresholdPercent: 50, minimumVolume: 10, windowMs: 30_000 });
    for (let call = 0; call < 10; call++) algorithm.recordFailure(0);
    expect(algorithm.shouldOpen(29_999)).toBe(true);
    expect(algorithm.shouldOpen(30_000)).toBe(false);
  });

  it('forgets everything on reset', () => {
    const algorithm = new FailureRate({ minimumVolume: 2 });
    algorithm.recordFailure(0);
    algorithm.recordFailure(0);
    algorithm.reset();
    expect(algorithm.shouldOpen(0)).toBe(false);
  });
});
