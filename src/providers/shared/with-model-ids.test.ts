import { describe, expect, it } from 'vitest';
import type { AttemptContext, ProviderAdapter } from '../provider-adapter.js';
import { withModelIds } from './with-model-ids.js';

/** An adapter that records the model of every attempt it is given. */
function recordingAdapter(seen: string[]): ProviderAdapter {
  const note = (attempt: AttemptContext) => seen.push(attempt.model);
  return {
    id: 'cloud',
    type: 'bedrock',
    wireFormat: 'anthropic',
    doGenerate: async (_request, attempt) => (note(attempt), Promise.reject(new Error('unused'))),
    doStream: async (_request, attempt) => (note(attempt), Promise.reject(new Error('unused'))),
    doCountTokens: async (_request, attempt) => (note(attempt), { inputTokens: 1, headers: {} }),
    close: async () => {},
  };
}

describe('withModelIds', () => {
  it('sends the provider id for every kind of call, and an unknown name unchanged', async () => {
    const seen: string[] = [];
    const adapter = withModelIds(recordingAdapter(seen), (name) => (name === 'claude-sonnet-4-5' ? 'anthropic.claude-sonnet-4-5-20250929-v1:0' : undefined));
    const request = { model: 'claude-sonnet-4-5', messages: [], stream: false } as never;
    const signal = new AbortController().signal;
    await adapter.doGenerate(request, { model: 'claude-sonnet-4-5', signal }).catch(() => undefined);
    await adapter.doStream(request, { model: 'claude-sonnet-4-5', signal }).catch(() => undefined);
    await adapter.doCountTokens!(request, { model: 'other', signal });
    expect(seen).toEqual(['anthropic.claude-sonnet-4-5-20250929-v1:0', 'anthropic.claude-sonnet-4-5-20250929-v1:0', 'other']);
    expect({ id: adapter.id, type: adapter.type, wireFormat: adapter.wireFormat }).toEqual({ id: 'cloud', type: 'bedrock', wireFormat: 'anthropic' });
  });
});
