import type { Credential } from './provider-adapter.js';

/** Labels keys by position and last four characters: enough to tell them apart, useless to an attacker. */
export function labelCredentials(keys: string[]): Credential[] {
  return keys.map((secret, index) => ({ label: `key-${index + 1} …${secret.slice(-4)}`, secret }));
}
