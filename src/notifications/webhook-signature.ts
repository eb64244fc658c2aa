import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'x-lifeline-signature';

/**
 * Signs a webhook body the way Stripe does: the timestamp is part of the signed text, so a
 * captured request cannot be replayed later than the receiver's tolerance.
 */
export function signPayload(body: string | Buffer, secret: string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${hmacHex(secret, timestampSeconds, body)}`;
}

/**
 * Checks an `x-lifeline-signature` header against the raw body (as received, before any JSON
 * parsing) and the shared secret. False when the header is malformed, no `v1` matches, or the
 * timestamp is further than `toleranceMs` from `nowMs`.
 * @example
 * if (!verifySignature(rawBody, request.headers['x-lifeline-signature'], secret, 5 * 60_000)) return reply(401);
 */
export function verifySignature(
  body: string | Buffer,
  header: string | string[] | undefined,
  secret: string,
  toleranceMs: number,
  nowMs: number = Date.now(),
): boolean {
  const text = Array.isArray(header) ? header[0] : header;
  if (!text) return false;
  let timestamp: number | undefined;
  const candidates: string[] = [];
  for (const part of text.split(',')) {
    const equals = part.indexOf('=');
    if (equals === -1) continue;
    const key = part.slice(0, equals).trim();
    const value = part.slice(equals + 1).trim();
    if (key === 't' && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) candidates.push(value.toLowerCase());
  }
  if (timestamp === undefined || candidates.length === 0) return false;
  if (Math.abs(nowMs - timestamp * 1000) > toleranceMs) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  // Several v1 values allow a secret rotation: any one matching is enough.
  return candidates.some((candidate) => timingSafeEqual(Buffer.from(candidate, 'hex'), expected));
}

function hmacHex(secret: string, timestampSeconds: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(body).digest('hex');
}
