import { describe, expect, it } from 'vitest';
import type { ClientKeyRecord, KeyUsage, LifelineStore } from '../store.js';

function key(overrides: Partial<ClientKeyRecord> = {}): ClientKeyRecord {
  return {
    name: 'ci-runner',
    prefix: 'll-Ab3d',
    hash: 'a'.repeat(64),
    routes: ['claude-*', 'gpt-*'],
    createdAt: 1_000,
    ...overrides,
  };
}

function usage(overrides: Partial<KeyUsage> = {}): KeyUsage {
  return { keyName: 'ci-runner', day: '2026-12-01', model: 'claude-sonnet-4-5', target: 'anthropic/claude-sonnet-4-5', requests: 1, inputTokens: 10, outputTokens: 5, ...overrides };
}

/** Client key and key usage repository cases of the store conformance suite. */
export function describeClientKeyConformance(currentStore: () => LifelineStore): void {
  describe('client keys', () => {
    it('stores a key with its limits and reads it back whole', async () => {
      const full = key({ rpm: 60, tokensPerDay: 100_000, expiresAt: 9_000, defer: true });
      expect(await currentStore().clientKeys.create(full)).toEqual(full);
      expect(await currentStore().clientKeys.get('ci-runner')).toEqual(full);
      expect(await currentStore().clientKeys.get('nobody')).toBeUndefined();
    });

    it('keeps absent limits absent and an empty route list empty', async () => {
      const bare = key({ routes: [] });
      await currentStore().clientKeys.create(bare);
      expect(await currentStore().clientKeys.get('ci-runner')).toEqual(bare);
    });

    it('refuses a name already taken, even by a revoked key', async () => {
      const keys = currentStore().clientKeys;
      await keys.create(key());
      await keys.revoke('ci-runner', 2_000);
      await expect(keys.create(key({ hash: 'b'.repeat(64) }))).rejects.toMatchObject({ code: 'CONFLICT', statusCode: 409 });
    });

    it('lists every key oldest first, revoked ones included', async () => {
      const keys = currentStore().clientKeys;
      await keys.create(key({ name: 'zeta', hash: '1'.repeat(64), createdAt: 3_000 }));
      await keys.create(key({ name: 'beta', hash: '2'.repeat(64), createdAt: 1_000 }));
      await keys.create(key({ name: 'alpha', hash: '3'.repeat(64), createdAt: 1_000 }));
      await keys.revoke('zeta', 4_000);
      expect((await keys.list()).map((entry) => [entry.name, entry.revokedAt])).toEqual([
        ['alpha', undefined],
        ['beta', undefined],
        ['zeta', 4_000],
      ]);
    });

    it('revokes once: a second revocation keeps the first time; an unknown name is NOT_FOUND', async () => {
      const keys = currentStore().clientKeys;
      await keys.create(key());
      expect((await keys.revoke('ci-runner', 2_000)).revokedAt).toBe(2_000);
      expect((await keys.revoke('ci-runner', 5_000)).revokedAt).toBe(2_000);
      await expect(keys.revoke('nobody', 1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('moves last use forward only and ignores unknown names', async () => {
      const keys = currentStore().clientKeys;
      await keys.create(key());
      await keys.touch([{ name: 'ci-runner', at: 5_000 }, { name: 'nobody', at: 6_000 }]);
      await keys.touch([{ name: 'ci-runner', at: 4_000 }]);
      expect((await keys.get('ci-runner'))?.lastUsedAt).toBe(5_000);
    });
  });

  describe('key usage', () => {
    it('sums rows of the same key, day, model and target and keeps others apart', async () => {
      const store = currentStore();
      await store.keyUsage.add([usage(), usage({ target: 'openai/gpt-5' })]);
      await store.keyUsage.add([usage({ requests: 2, inputTokens: 30, outputTokens: 7 })]);
      expect(await store.keyUsage.range('ci-runner', '2026-12-01', '2026-12-01')).toEqual([
        usage({ requests: 3, inputTokens: 40, outputTokens: 12 }),
        usage({ target: 'openai/gpt-5' }),
      ]);
    });

    it('ranges over whole days, both ends included, one key or all, ordered by key, day, model, target', async () => {
      const store = currentStore();
      await store.keyUsage.add([
        usage({ day: '2026-11-30' }),
        usage({ day: '2026-12-02', model: 'b' }),
        usage({ day: '2026-12-02', model: 'a' }),
        usage({ day: '2026-12-03' }),
        usage({ keyName: 'another', day: '2026-12-01' }),
      ]);
      expect((await store.keyUsage.range('ci-runner', '2026-12-01', '2026-12-02')).map((row) => `${row.day} ${row.model}`)).toEqual(['2026-12-02 a', '2026-12-02 b']);
      expect((await store.keyUsage.range(undefined, '2026-12-01', '2026-12-01')).map((row) => row.keyName)).toEqual(['another']);
    });

    it('prunes days before the cutoff', async () => {
      const store = currentStore();
      await store.keyUsage.add([usage({ day: '2026-11-01' }), usage({ day: '2026-11-02' }), usage({ day: '2026-12-01' })]);
      expect(await store.keyUsage.prune('2026-12-01')).toBe(2);
      expect((await store.keyUsage.range(undefined, '2000-01-01', '2100-01-01')).map((row) => row.day)).toEqual(['2026-12-01']);
    });
  });
}
