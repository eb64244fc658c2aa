/** The page's time zone. UTC keeps every timestamp `…Z`, as on the real Claude and GitHub pages. */
export const STATUSPAGE_TIME_ZONE = 'Etc/UTC';

/** Statuspage timestamp: ISO 8601 with milliseconds in the page's zone (`2026-11-23T17:44:18.447Z`). */
export function statuspageTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
