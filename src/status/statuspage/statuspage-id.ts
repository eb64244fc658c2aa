import { createHash } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const ID_LENGTH = 12;

/**
 * A Statuspage-shaped id (12 lower-case letters and digits) derived from a stable seed such as a
 * component id, so the same component keeps the same public id across restarts and instances.
 * The byte-modulo bias is irrelevant here: ids only need to be stable and distinct.
 */
export function statuspageId(seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  let id = '';
  for (let index = 0; index < ID_LENGTH; index += 1) id += ALPHABET[(digest[index] ?? 0) % ALPHABET.length];
  return id;
}
