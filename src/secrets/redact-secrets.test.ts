import { afterEach, describe, expect, it } from 'vitest';
import { MIN_REDACTED_SECRET_LENGTH, REDACTED, redactedPrefix, redactSecrets, registerSecrets } from './redact-secrets.js';

const releases: Array<() => void> = [];
function register(...secrets: Array<string | undefined>): () => void {
  const release = registerSecrets(secrets);
  releases.push(release);
  return release;
}
afterEach(() => releases.splice(0).forEach((release) => release()));

describe('redactSecrets by value', () => {
  it('removes a configured secret of any shape, wherever it stands in the text', () => {
    register('abcDEF123xyz');
    expect(redactSecrets('invalid key abcDEF123xyz.')).toBe(`invalid key ${REDACTED}.`);
    expect(redactSecrets('key=abcDEF123xyz&x=1 and "abcDEF123xyz"')).toBe(`key=${REDACTED}&x=1 and "${REDACTED}"`);
    expect(redactSecrets('prefixabcDEF123xyzsuffix')).toBe(`prefix${REDACTED}suffix`);
  });

  it('removes the URL-encoded and JSON-escaped forms too', () => {
    const secret = 'p@ss/w"ord\\9+1';
    register(secret);
    expect(redactSecrets(`url ?key=${encodeURIComponent(secret)}`)).toBe(`url ?key=${REDACTED}`);
    const json = JSON.stringify({ message: `echo ${secret}` });
    const redacted = redactSecrets(json);
    expect(redacted).not.toContain('ss/w');
    expect(JSON.parse(redacted)).toEqual({ message: `echo ${REDACTED}` });
  });

  it(`ignores values shorter than ${MIN_REDACTED_SECRET_LENGTH} characters: a short test key does not blank out common text`, () => {
    register('abc', 'the', 'a'.repeat(MIN_REDACTED_SECRET_LENGTH - 1), undefined, '');
    expect(redactSecrets('the abc of aaaaaaa')).toBe('the abc of aaaaaaa');
    register('a'.repeat(MIN_REDACTED_SECRET_LENGTH));
    expect(redactSecrets('aaaaaaaa')).toBe(REDACTED);
  });

  it('stops redacting a secret once every registration of it is released, not before', () => {
    const first = register('shared-secret-1234');
    const second = register('shared-secret-1234');
    first();
    first();
    expect(redactSecrets('shared-secret-1234')).toBe(REDACTED);
    second();
    expect(redactSecrets('shared-secret-1234')).toBe('shared-secret-1234');
  });

  it('leaves text without secrets as it is (the very same string)', () => {
    register('abcDEF123xyz');
    const text = 'request {"model":"claude-sonnet-4-5","status":200} key-1 …0001';
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('redactSecrets by shape', () => {
  it.each([
    ['an Anthropic key', 'invalid x-api-key sk-ant-api03-AbCdEf_123-456789xyzXYZ now', 'invalid x-api-key [redacted] now'],
    ['an OpenAI project key', 'Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwxyz012345.', 'Incorrect API key provided: [redacted].'],
    ['an OpenRouter key', 'sk-or-v1-0123456789abcdef0123456789abcdef', '[redacted]'],
    ['a Groq key', 'gsk_0123456789abcdefABCDEF', '[redacted]'],
    ['a Google key', 'key=AIzaSyA1234567890abcdefghijklmnopqrstu', 'key=[redacted]'],
    ['an Entra ID token (JWT)', 'token eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJodHRwcyJ9.c2lnbmF0dXJl refused', 'token [redacted] refused'],
    ['a Lifeline client key, its 7-character prefix kept elsewhere', 'key ll-W9--EEq9YRH-PnnORyQENdC51tV5V5Ok (ll-W9--)', 'key [redacted] (ll-W9--)'],
    ['a bearer token (the word stays)', 'Authorization: Bearer abc.def-ghi_jkl~mno', 'Authorization: Bearer [redacted]'],
    ['a lower-case bearer token', 'authorization: bearer 0123456789abcdef', 'authorization: bearer [redacted]'],
    ['a key the provider masked', 'Incorrect API key provided: sk-ab*****************wxyz.', 'Incorrect API key provided: [redacted].'],
  ])('removes %s whole, prefix included', (_name, text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  it('leaves no character of an sk-ant- key behind', () => {
    const key = 'sk-ant-api03-Q9wErTyUiOp_AsDfGhJkL-ZxCvBnM1234567890qwertyuiopAA';
    // The old pattern kept `sk-` and three characters: `sk-ant…[redacted]`.
    expect(redactSecrets(`invalid x-api-key: ${key}`)).toBe(`invalid x-api-key: ${REDACTED}`);
    expect(redactSecrets(`${key}`)).toBe(REDACTED);
  });

  it('leaves words that merely contain the prefixes alone', () => {
    const text = 'task-queue-processing desk-reservation-system sk-learn gsk_short Bearer short';
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('redactedPrefix', () => {
  it('redacts before it cuts: a key across the cut leaves none of its characters', () => {
    register('abcDEF123xyz');
    const text = `${'x'.repeat(95)}abcDEF123xyz and more`;
    expect(redactedPrefix(text, 100)).toBe(`${'x'.repeat(95)}[reda`);
    expect(text.slice(0, 100)).toContain('abcDE');
  });

  it('reads further when earlier markers shrank the text into the part kept', () => {
    const secret = `long-secret-${'s'.repeat(500)}`;
    register(secret);
    const text = `${secret} `.repeat(10) + 'tail';
    const cut = redactedPrefix(text, 40);
    expect(cut).toBe(`${REDACTED} `.repeat(4).slice(0, 40));
    expect(cut).not.toContain('sss');
  });

  it('returns short texts whole, redacted', () => {
    expect(redactedPrefix('token sk-proj-0123456789abcdef', 300)).toBe(`token ${REDACTED}`);
  });
});
