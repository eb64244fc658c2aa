import { isIP } from 'node:net';

/** What decides which `Host` values Lifeline answers. */
export interface HostCheckOptions {
  /** `server.host`: a name there (not a wildcard address) is accepted too. */
  boundHost: string;
  /** `status.public_url`: its host is accepted. */
  publicUrl?: string | undefined;
  /** `server.allowed_hosts`: exact names, or `*.example.com` for every subdomain. */
  allowedHosts: readonly string[];
}

/**
 * Whether a `Host` header names this Lifeline, the defence against DNS rebinding: a page on
 * `evil.example` whose name is re-pointed at 127.0.0.1 reaches Lifeline with `Host: evil.example`.
 * Accepted: loopback names (`localhost`, `*.localhost`), any IP address (an address cannot be
 * re-pointed, so it cannot be a rebinding), the bound host, `status.public_url`'s host and
 * `server.allowed_hosts`. The port is not compared. No Host at all (HTTP/1.0) passes: browsers
 * always send one.
 * @example const hostAllowed = createHostCheck({ boundHost: '127.0.0.1', allowedHosts: ['lifeline.lan'] });
 */
export function createHostCheck(options: HostCheckOptions): (hostHeader: string | undefined) => boolean {
  const exact = new Set<string>(['localhost']);
  const suffixes = ['.localhost'];
  exact.add(normaliseName(options.boundHost));
  if (options.publicUrl !== undefined) exact.add(normaliseName(new URL(options.publicUrl).hostname));
  for (const name of options.allowedHosts) {
    if (name.startsWith('*.')) suffixes.push(name.slice(1));
    else exact.add(normaliseName(name));
  }
  return (hostHeader) => {
    if (hostHeader === undefined) return true;
    const name = hostNameOf(hostHeader);
    if (exact.has(name)) return true;
    if (isIP(name) !== 0) return true;
    for (const suffix of suffixes) if (name.endsWith(suffix)) return true;
    return false;
  };
}

/** The name part of a Host header: lower case, no port, no brackets around IPv6, no trailing dot. */
export function hostNameOf(hostHeader: string): string {
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end === -1 ? value : value.slice(1, end);
  }
  const colon = value.indexOf(':');
  return normaliseName(colon === -1 ? value : value.slice(0, colon));
}

function normaliseName(name: string): string {
  const lower = name.toLowerCase().replace(/^\[|\]$/g, '');
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}
