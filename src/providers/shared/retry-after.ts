/**
 * Reads how long the provider asked us to wait, in ms: `retry-after-ms` (float ms) first, then
 * `retry-after` as seconds or an HTTP date, the same order the official SDKs use.
 */
export function parseRetryAfterMs(headers: Record<string, string>, now = Date.now()): number | undefined {
  const retryAfterMs = headers['retry-after-ms'];
  if (retryAfterMs !== undefined) {
    const value = Number.parseFloat(retryAfterMs);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = headers['retry-after'];
  if (retryAfter === undefined) return undefined;
  const seconds = Number.parseFloat(retryAfter);
  if (Number.isFinite(seconds) && /^\s*[\d.]+\s*$/.test(retryAfter)) return Math.max(0, seconds * 1000);
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
