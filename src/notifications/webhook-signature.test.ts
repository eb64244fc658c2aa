import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signPayload, verifySignature } from './webhook-signature.js';

const body = '{"event":"incident.opened"}';
const now = Date.parse('2026-11-23T17:00:00.000Z');
const t = Math.floor(now / 1000);

describe('webhook signatures', () => {
  it('signs "<t>.<body>" with HMAC-SHA256, as documented for receivers', () => {
    const expected = createHmac('sha256', 'secret').update(`${t}.${body}`).digest('hex');
    expect(signPayload(body, 'secret', t)).toBe(`t=${t},v1=${expected}`);
  });

  it('accepts a valid signature within the tolerance, from a string or a Buffer', () => {
    const header = signPayload(body, 'secret', t);
    expect(verifySignature(body, header, 'secret', 300_000, now + 299_000)).toBe(true);
    expect(verifySignature(Buffer.from(body), header, 'secret', 300_000, now)).toBe(true);
  });

  it.each([
    ['a changed body', '{"event":"incident.resolved"}', signPayload(body, 'secret', t), 'secret', now],
    ['the wrong secret', body, signPayload(body, 'secret', t), 'other', now],
    ['an old timestamp', body, signPayload(body, 'secret', t), 'secret', now + 301_000],
    ['no header', body, undefined, 'secret', now],
    ['a malformed header', body, 'v1=abc', 'secret', now],
    ['a truncated hex', body, signPayload(body, 'secret', t).slice(0, -2), 'secret', now],
  ])('rejects %s', (_name, payload, header, secret, at) => {
    expect(verifySignature(payload, header, secret, 300_000, at)).toBe(false);
  });

  it('accepts any one of several v1 values (secret rotation)', () => {
    const good = signPayload(body, 'new', t).split(',v1=')[1];
    expect(verifySignature(body, `t=${t},v1=${'0'.repeat(64)},v1=${good}`, 'new', 300_000, now)).toBe(true);
  });
});
