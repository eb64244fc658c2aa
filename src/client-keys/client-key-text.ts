import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every Lifeline client key starts with this, so it is recognised (and redacted by shape). */
export const CLIENT_KEY_PREFIX = 'll-';
/** 24 random bytes: 192 bits of entropy, 32 characters of base64url after the prefix. */
const KEY_RANDOM_BYTES = 24;
/** Characters of the key shown to identify it: the prefix and 4 more (24 bits: far from guessable). */
const SHOWN_LENGTH = CLIENT_KEY_PREFIX.length + 4;

/** A new client key's text: `ll-` and 32 base64url characters. Shown once, never stored. */
export function createClientKeyText(): string {
  return CLIENT_KEY_PREFIX + randomBytes(KEY_RANDOM_BYTES).toString('base64url');
}

/** What the store keeps of a key: lower-case hex SHA-256. A key has 192 random bits, so no salt or slow hash is needed. */
export function hashClientKey(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The part of a key shown in lists and messages (`ll-Ab3d`). */
export function clientKeyPrefix(text: string): string {
  return text.slice(0, SHOWN_LENGTH);
}

/** Constant-time comparison of two hex hashes of equal length. */
export function sameHash(first: string, second: string): boolean {
  const a = Buffer.from(first, 'hex');
  const b = Buffer.from(second, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
