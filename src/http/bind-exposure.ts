import { isIP } from 'node:net';

/** Whether `server.host` keeps Lifeline on this machine. */
export type BindExposure = { exposed: false } | { exposed: true; warning: string };

/**
 * Judges the bound address before listening. On a non-loopback address anyone who can reach the
 * port can spend the provider keys unless client keys are required: Lifeline then refuses to
 * start without a client key (see {@link exposureRefusal}), and warns when the operator turned
 * the requirement off on purpose.
 */
export function bindExposure(host: string): BindExposure {
  if (isLoopback(host)) return { exposed: false };
  return {
    exposed: true,
    warning:
      `Lifeline listens on ${host}, which is not a loopback address, and server.require_client_key is false: anyone who can reach its port can spend the provider keys. ` +
      'Create client keys (`lifeline keys create`) and remove require_client_key: false, bind server.host to 127.0.0.1, or put an authenticating proxy or a firewall in front.',
  };
}

/**
 * Why Lifeline must not start, or undefined: a non-loopback address with no client key in the
 * store and no explicit `server.require_client_key: false` would be an open door (or, with the
 * requirement on and no key, a door nobody can use).
 */
export function exposureRefusal(host: string, facts: { clientKeyCount: number; requireClientKey: boolean | undefined }): string | undefined {
  if (isLoopback(host) || facts.clientKeyCount > 0 || facts.requireClientKey === false) return undefined;
  return (
    `Lifeline will not listen on ${host} (not a loopback address) without client keys: anyone who could reach the port would spend the provider keys. ` +
    'Create one first with `lifeline keys create --name NAME -c CONFIG` (it goes to the configured store), or bind server.host to 127.0.0.1, ' +
    'or set server.require_client_key: false if something in front of Lifeline already authenticates callers.'
  );
}

function isLoopback(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  return name === '::1' || name === '::ffff:127.0.0.1';
}
