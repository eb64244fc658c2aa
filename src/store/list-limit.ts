/**
 * A list limit as every backend reads it: `undefined` means no limit, anything else is clamped to
 * a whole number ≥ 0, so `limit: 0` returns nothing rather than everything (SQLite's `LIMIT -1`).
 */
export function normalizeLimit(limit: number | undefined): number | undefined {
  if (limit === undefined || Number.isNaN(limit)) return undefined;
  if (limit === Number.POSITIVE_INFINITY) return undefined;
  return Math.max(0, Math.floor(limit));
}
