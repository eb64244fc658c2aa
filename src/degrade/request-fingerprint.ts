import { createHash } from 'node:crypto';
import type { CanonicalRequest } from '../canonical/index.js';

/** JSON with object keys sorted, so two requests that differ only in key order match. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, field]) => field !== undefined).sort(([first], [second]) => (first < second ? -1 : first > second ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${stableJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * SHA-256 of the normalised (canonical, key-order-free) request: model, system and messages,
 * tools, every parameter; only `stream` is left out, since a streamed and a plain request ask
 * the same question.
 */
export function requestFingerprint(request: CanonicalRequest): string {
  const { stream: _stream, ...question } = request;
  return createHash('sha256').update(stableJson(question)).digest('hex');
}
