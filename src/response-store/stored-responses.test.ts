import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory/memory-store.js';
import { createStoredResponses } from './stored-responses.js';

const response = { id: 'resp_1', object: 'response', output: [] };
const input = [{ type: 'message', role: 'user', content: 'hi' }];

describe('createStoredResponses', () => {
  it('keeps for the TTL, for its owner only', async () => {
    let now = 1_000;
    const stored = createStoredResponses({ repository: createMemoryStore().responses, clock: { now: () => now }, ttlMs: 500, maxBytes: 10_000 });
    expect(await stored.keep({ response, input }, 'ci')).toBeUndefined();
    expect(await stored.find('resp_1', 'ci')).toEqual({ response, input });
    expect(await stored.find('resp_1', undefined)).toBeUndefined();
    expect(await stored.find('resp_1', 'other')).toBeUndefined();
    expect(await stored.forget('resp_1', 'other')).toBe(false);
    now = 1_499;
    expect(await stored.find('resp_1', 'ci')).toBeDefined();
    now = 1_500;
    expect(await stored.find('resp_1', 'ci')).toBeUndefined();
  });

  it('keeps nothing larger than the cap or without an id, and forgets on delete', async () => {
    const stored = createStoredResponses({ repository: createMemoryStore().responses, clock: { now: () => 0 }, ttlMs: 500, maxBytes: 1_024 });
    expect(await stored.keep({ response: { ...response, output: ['x'.repeat(1_024)] }, input }, undefined)).toBe('too_large');
    expect(await stored.keep({ response: { object: 'response' }, input }, undefined)).toBe('no_id');
    expect(await stored.find('resp_1', undefined)).toBeUndefined();
    await stored.keep({ response, input }, undefined);
    expect(await stored.forget('resp_1', undefined)).toBe(true);
    expect(await stored.forget('resp_1', undefined)).toBe(false);
  });
});
