import { describe, expect, it } from 'vitest';
import { anthropicModelsPage, displayName } from './anthropic-models.js';

const MODELS = ['a', 'b', 'c', 'd', 'e'];
const page = (query: string): Record<string, unknown> => anthropicModelsPage(MODELS, new URLSearchParams(query));
const ids = (result: Record<string, unknown>): string[] => (result.data as Array<{ id: string }>).map((model) => model.id);

describe('anthropicModelsPage', () => {
  it('pages forward with after_id and backward with before_id', () => {
    expect(page('limit=2')).toMatchObject({ has_more: true, first_id: 'a', last_id: 'b' });
    expect(ids(page('limit=2&after_id=b'))).toEqual(['c', 'd']);
    expect(page('limit=2&after_id=d')).toMatchObject({ has_more: false, first_id: 'e', last_id: 'e' });
    expect(ids(page('limit=2&before_id=d'))).toEqual(['b', 'c']);
    expect(page('limit=2&before_id=b')).toMatchObject({ has_more: false, first_id: 'a' });
    expect(ids(page(''))).toEqual(MODELS);
  });

  it('builds display names like the API', () => {
    expect(displayName('claude-sonnet-4-6')).toBe('Claude Sonnet 4.6');
    expect(displayName('claude-opus-4-7')).toBe('Claude Opus 4.7');
  });
});
