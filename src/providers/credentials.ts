import type { Credential } from './provider-adapter.js';

/** Characters of a key a label may show: its last four. */
const SHOWN_TAIL_CHARS = 4;
/**
 * Shortest key whose tail a label shows: four characters of at least twenty is at most a fifth of
 * the key (real provider keys are 40 to 200 characters). A shorter key — a local server's token,
 * a test key — is named by its position alone, so no label can give away much of it, or all of it.
 */
export const MIN_KEY_CHARS_FOR_TAIL = 20;

/** The label of the key at `index` (0-based): `key-2 …f00d`, or `key-2` for a key shorter than {@link MIN_KEY_CHARS_FOR_TAIL}. */
export function keyLabel(secret: string, index: number): string {
  const position = `key-${index + 1}`;
  return secret.length >= MIN_KEY_CHARS_FOR_TAIL ? `${position} …${secret.slice(-SHOWN_TAIL_CHARS)}` : position;
}

/** Labels keys by position (and the tail of a long key): enough to tell them apart, useless to an attacker. */
export function labelCredentials(keys: string[]): Credential[] {
  return keys.map((secret, index) => ({ label: keyLabel(secret, index), secret }));
}
