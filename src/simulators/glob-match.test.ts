import { describe, expect, it } from 'vitest';
import { globMatch } from './glob-match.js';

describe('globMatch', () => {
  it('matches exact names and * globs, escaping regex characters', () => {
    expect(globMatch('gpt-4o', 'gpt-4o')).toBe(true);
    expect(globMatch('gpt-4o', 'gpt-4o-mini')).toBe(false);
    expect(globMatch('claude-*', 'claude-sonnet-4-6')).toBe(true);
    expect(globMatch('*-mini', 'gpt-4o-mini')).toBe(true);
    expect(globMatch('gpt-4.1*', 'gpt-4x1')).toBe(false);
    expect(globMatch('*', '')).toBe(true);
  });
});
