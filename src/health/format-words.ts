/** `850 ms`, `2.4 s`. */
export function formatMs(valueMs: number): string {
  return valueMs < 1_000 ? `${Math.round(valueMs)} ms` : `${(valueMs / 1_000).toFixed(1)} s`;
}

/** `30 s`, `5 min`, `2 h`: whole units, for windows and staleness. */
export function formatSpan(spanMs: number): string {
  if (spanMs < 120_000) return `${Math.round(spanMs / 1_000)} s`;
  if (spanMs < 2 * 3_600_000) return `${Math.floor(spanMs / 60_000)} min`;
  return `${Math.floor(spanMs / 3_600_000)} h`;
}

/** `12%`. */
export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** `a`, `a and b`, `a, b and c`. */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
