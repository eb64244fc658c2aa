import type { ResponseRepository, StoredResponse } from '../store.js';

/** In-memory stored responses; hands out copies. */
export function createMemoryResponseRepository(assertOpen: () => void): ResponseRepository {
  const responses = new Map<string, StoredResponse>();
  return {
    async put(response) {
      assertOpen();
      responses.set(response.id, { ...response });
    },
    async get(id, now) {
      assertOpen();
      const found = responses.get(id);
      return found && found.expiresAt > now ? { ...found } : undefined;
    },
    async delete(id) {
      assertOpen();
      return responses.delete(id);
    },
    async prune(now) {
      assertOpen();
      let count = 0;
      for (const [id, response] of [...responses]) {
        if (response.expiresAt <= now) {
          responses.delete(id);
          count += 1;
        }
      }
      return count;
    },
  };
}
