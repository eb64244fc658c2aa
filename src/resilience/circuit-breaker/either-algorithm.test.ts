import { describe, expect, it } from 'vitest';
import { ConsecutiveFailures } from './consecutive-failures.js';
import { EitherAlgorithm } from './either-algorithm.js';
import { FailureRate } from './failure-rate.js';

describe('EitherAlgorithm', () => {
  it('opens when the consecutive rule trips even though the rate lacks volume', () => {
    const either = new EitherAlgorithm([new ConsecutiveFailures({ threshold: 3 }), new FailureRate({ minimumVolume: 100 })]);
    for (let call = 0; call < 3; call++) either.recordFailure(0);
    expect(either.shouldOpen(0)).toBe(true);
  });

  it('opens when the rate trips even though failures are never consecutive enough', () => {
    const either = new EitherAlgorithm([new ConsecutiveFailures({ threshold: 3 }), new FailureRate({ thresholdPercent: 50, minimumVolume: 10 })]);
    for (let pair = 0; pair < 5; pair++) {
      either.recordFailure(0);
      either.recordSuccess(0);
    }
    expect(either.shouldOpen(0)).toBe(true);
  });

  it('resets every algorithm and refuses an empty list', () => {
    const either = new EitherAlgorithm([new ConsecutiveFailures({ threshold: 1 })]);
    either.recordFailure(0);
    either.reset();
    expect(either.shouldOpen(0)).toBe(false);
    expect(() => new EitherAlgorithm([])).toThrow(RangeError);
  });
});
