import type { IncomingHttpHeaders } from 'node:http';

/** Client headers that belong to the Anthropic format and reach Anthropic-type targets. */
export const ANTHROPIC_FORWARDED_HEADERS = ['anthropic-version', 'anthropic-beta'] as const;

/** The named request headers that are present, repeated values joined with commas. */
export function pickHeaders(headers: IncomingHttpHeaders, names: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = headers[name];
    if (value !== undefined) picked[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return picked;
}
