import { ConflictError, NotFoundError } from '../../errors/index.js';
import { compactClientKey, keyNameTakenMessage } from '../client-key-record.js';
import type { ClientKeyRecord, ClientKeyRepository } from '../store.js';

/** In-memory client keys; hands out copies. */
export function createMemoryClientKeyRepository(assertOpen: () => void): ClientKeyRepository {
  const keys = new Map<string, ClientKeyRecord>();

  return {
    async create(key) {
      assertOpen();
      if (keys.has(key.name)) throw new ConflictError(keyNameTakenMessage(key.name));
      const stored = compactClientKey(key);
      keys.set(key.name, stored);
      return compactClientKey(stored);
    },

    async get(name) {
      assertOpen();
      const key = keys.get(name);
      return key === undefined ? undefined : compactClientKey(key);
    },

    async list() {
      assertOpen();
      return [...keys.values()]
        .sort((first, second) => first.createdAt - second.createdAt || (first.name < second.name ? -1 : first.name > second.name ? 1 : 0))
        .map(compactClientKey);
    },

    async revoke(name, atMs) {
      assertOpen();
      const key = keys.get(name);
      if (key === undefined) throw new NotFoundError(`No client key named "${name}".`);
      const stored = compactClientKey({ ...key, revokedAt: key.revokedAt ?? atMs });
      keys.set(name, stored);
      return compactClientKey(stored);
    },

    async touch(lastUsed) {
      assertOpen();
      for (const { name, at } of lastUsed) {
        const key = keys.get(name);
        if (key !== undefined && (key.lastUsedAt === undefined || at > key.lastUsedAt)) keys.set(name, { ...key, lastUsedAt: at });
      }
    },
  };
}
