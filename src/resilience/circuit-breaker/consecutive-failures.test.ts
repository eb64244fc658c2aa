import { describe, expect, it } from 'vitest';
import { ConsecutiveFailures } from './consecutive-failures.js';

describe('ConsecutiveFailures', () => {
  it('opens at exactly the threshold of failures in a row', () => {
    const algorithm = new ConsecutiveFailures({ threshold: 3 });
    algorithm.recordFailure();
    algorithm.recordFailure();
    expect(algorithm.shouldOpen()).toBe(false);
    algorithm.recordFailure();
    expect(algorithm.shouldOpen()).toBe(true);
  });

  it('starts counting again after a success or a reset', () => {
    const algorithm = new ConsecutiveFailures({ threshold: 2 });
    algorithm.recordFailure();
    algorithm.recordSuccess();
    algorithm.recordFailure();
    expect(algorithm.shouldOpen()).toBe(false);
    algorithm.recordFailure();
    expect(algorithm.shouldOpen()).toBe(true);
    algorithm.reset();
    expect(algorithm.shouldOpen()).toBe(false);
  });

  it('rejects a threshold below one', () => {
    expect(() => new ConsecutiveFailures({ threshold: 0 })).toThrow(RangeError);
  });
});
