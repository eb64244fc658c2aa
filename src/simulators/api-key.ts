import type { IncomingHttpHeaders } from 'node:http';

/** The key from `Authorization: Bearer …`, or undefined. */
export function bearerKey(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization !== 'string') return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
  return match?.[1]?.trim() || undefined;
}

/** The key from `x-api-key`, falling back to `Authorization: Bearer` (Anthropic accepts both). */
export function anthropicKey(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.length > 0) return apiKey;
  return bearerKey(headers);
}

/** True when `key` is acceptable: listed, or any non-empty key when no list is set. */
export function isKeyAccepted(key: string | undefined, keys: ReadonlySet<string> | undefined): boolean {
  if (!key) return false;
  return keys === undefined || keys.has(key);
}
