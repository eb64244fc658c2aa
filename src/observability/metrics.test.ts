import { describe, expect, it } from 'vitest';
import { boundedLabels } from './metrics.js';

describe('boundedLabels', () => {
  it('keeps the first names per provider and folds the rest into "other"', () => {
    const label = boundedLabels(2);
    expect(label('a', 'm1')).toBe('m1');
    expect(label('a', 'm2')).toBe('m2');
    expect(label('a', 'm3')).toBe('other');
    expect(label('a', 'm1')).toBe('m1');
    expect(label('b', 'm3')).toBe('m3');
  });
});
