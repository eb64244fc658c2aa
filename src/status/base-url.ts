import type { IncomingMessage } from 'node:http';

/**
 * Lifeline's public base URL for links in API answers: the configured one, else the request's
 * Host header (only echoed back to the same caller, never stored or cached).
 */
export function baseUrlFor(request: IncomingMessage, publicUrl: string | undefined): string {
  if (publicUrl !== undefined) return publicUrl.replace(/\/+$/, '');
  const host = request.headers.host;
  return `http://${host !== undefined && /^[\w.:[\]-]+$/.test(host) ? host : 'localhost'}`;
}
