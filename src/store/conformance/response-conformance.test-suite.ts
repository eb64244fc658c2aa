import { describe, expect, it } from 'vitest';
import type { LifelineStore, StoredResponse } from '../store.js';

function stored(overrides: Partial<StoredResponse> = {}): StoredResponse {
  return {
    id: 'resp_0001',
    response: '{"id":"resp_0001","object":"response","output":[{"type":"message","content":[{"type":"output_text","text":"Ünïcode ✓"}]}]}',
    input: '[{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}]',
    createdAt: 1_000,
    expiresAt: 10_000,
    ...overrides,
  };
}

/** Stored response repository cases of the store conformance suite: keep, read until expiry, delete, prune. */
export function describeResponseConformance(currentStore: () => LifelineStore): void {
  describe('stored responses', () => {
    it('keeps a response and reads it back exactly, with or without an owner', async () => {
      const responses = currentStore().responses;
      await responses.put(stored({ owner: 'ci' }));
      await responses.put(stored({ id: 'resp_0002' }));
      expect(await responses.get('resp_0001', 5_000)).toEqual(stored({ owner: 'ci' }));
      const unowned = await responses.get('resp_0002', 5_000);
      expect(unowned).toEqual(stored({ id: 'resp_0002' }));
      expect(unowned).not.toHaveProperty('owner');
      expect(await responses.get('resp_unknown', 5_000)).toBeUndefined();
    });

    it('replaces a response kept under the same id', async () => {
      const responses = currentStore().responses;
      await responses.put(stored({ owner: 'ci' }));
      await responses.put(stored({ response: '{"replaced":true}', expiresAt: 20_000 }));
      expect(await responses.get('resp_0001', 15_000)).toEqual(stored({ response: '{"replaced":true}', expiresAt: 20_000 }));
    });

    it('misses a response from its expiry on, and prunes exactly the expired ones', async () => {
      const responses = currentStore().responses;
      await responses.put(stored({ id: 'resp_early', expiresAt: 5_000 }));
      await responses.put(stored({ id: 'resp_late', expiresAt: 9_000 }));
      expect(await responses.get('resp_early', 4_999)).toBeDefined();
      expect(await responses.get('resp_early', 5_000)).toBeUndefined();
      expect(await responses.prune(5_000)).toBe(1);
      expect(await responses.get('resp_early', 0)).toBeUndefined();
      expect(await responses.get('resp_late', 0)).toBeDefined();
      expect(await responses.prune(5_000)).toBe(0);
    });

    it('deletes a response once', async () => {
      const responses = currentStore().responses;
      await responses.put(stored());
      expect(await responses.delete('resp_0001')).toBe(true);
      expect(await responses.get('resp_0001', 0)).toBeUndefined();
      expect(await responses.delete('resp_0001')).toBe(false);
    });
  });
}
