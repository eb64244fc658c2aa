import { compareUsage, usageRowKey } from '../client-key-record.js';
import type { KeyUsage, KeyUsageRepository } from '../store.js';

/** In-memory per-day key usage; hands out copies. */
export function createMemoryKeyUsageRepository(assertOpen: () => void): KeyUsageRepository {
  const rows = new Map<string, KeyUsage>();

  return {
    async add(added) {
      assertOpen();
      for (const row of added) {
        const id = usageRowKey(row);
        const existing = rows.get(id);
        rows.set(
          id,
          existing === undefined
            ? { ...row }
            : { ...existing, requests: existing.requests + row.requests, inputTokens: existing.inputTokens + row.inputTokens, outputTokens: existing.outputTokens + row.outputTokens },
        );
      }
    },

    async range(keyName, fromDay, toDay) {
      assertOpen();
      return [...rows.values()]
        .filter((row) => (keyName === undefined || row.keyName === keyName) && row.day >= fromDay && row.day <= toDay)
        .sort(compareUsage)
        .map((row) => ({ ...row }));
    },

    async prune(beforeDay) {
      assertOpen();
      let removed = 0;
      for (const [id, row] of rows) if (row.day < beforeDay && rows.delete(id)) removed += 1;
      return removed;
    },
  };
}
