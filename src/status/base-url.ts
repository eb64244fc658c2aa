import type { IncomingMessage } from 'node:http';

/**
 * Lifeline's public base URL for links in API answers: the configured one, else the request's
 * Host header when `hostAllowed` accepts it (the front door's rebinding check: a foreign name
 * must never end up in links), else `http://localhost`. Only echoed back to the same caller,
 * never stored or cached.
 */
export function baseUrlFor(request: IncomingMessage, publicUrl: string | undefined, hostAllowed: (hostHeader: string | undefined) => boolean): string {
  if (publicUrl !== undefined) return publicUrl.replace(/\/+$/, '');
  const host = request.headers.host;
  return `http://${host !== undefined && hostAllowed(host) && /^[\w.:[\]-]+$/.test(host) ? host : 'localhost'}`;
}
