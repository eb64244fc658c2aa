import { isIP } from 'node:net';

/** Whether `server.host` keeps Lifeline on this machine. */
export type BindExposure = { exposed: false } | { exposed: true; warning: string };

/**
 * Judges the bound address before listening. Lifeline has no client keys yet, so anyone who can
 * reach a non-loopback address can spend the provider keys: that is a warning today, and the
 * place to refuse to start once client keys exist and none is configured.
 */
export function bindExposure(host: string): BindExposure {
  if (isLoopback(host)) return { exposed: false };
  return {
    exposed: true,
    warning:
      `Lifeline listens on ${host}, which is not a loopback address: anyone who can reach its port can spend the provider keys ` +
      '(there are no client keys yet). Bind server.host to 127.0.0.1, or put an authenticating proxy or a firewall in front.',
  };
}

function isLoopback(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  return name === '::1' || name === '::ffff:127.0.0.1';
}
