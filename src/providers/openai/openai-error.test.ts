import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createOpenAIError, parseGoDurationMs } from './openai-error.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

describe('createOpenAIError', () => {
  it.each([
    ['error-context-length-exceeded.json', 400, 'context_too_long', 'invalid_request_error', 'context_length_exceeded'],
    ['error-insufficient-quota.json', 429, 'quota', 'insufficient_quota', 'insufficient_quota'],
    ['error-invalid-api-key.json', 401, 'auth', 'invalid_request_error', 'invalid_api_key'],
    ['error-invalid-request.json', 400, 'invalid_request', 'invalid_request_error', 'unsupported_parameter'],
    ['error-model-not-found.json', 404, 'not_found', 'invalid_request_error', 'model_not_found'],
    ['error-overloaded.json', 503, 'overloaded', 'server_error', undefined],
    ['error-rate-limit-exceeded.json', 429, 'rate_limited', 'tokens', 'rate_limit_exceeded'],
    ['error-server-error.json', 500, 'server', 'server_error', undefined],
  ])('classifies %s (%i) as %s', (name, status, failureClass, type, code) => {
    const error = createOpenAIError({ status, headers: {}, bodyText: fixture(name) });
    expect(error.failureClass).toBe(failureClass);
    expect(error.providerErrorType).toBe(type);
    expect(error.providerErrorCode).toBe(code);
    expect(error.status).toBe(status);
    // The invalid-key answer quotes the key masked (`sk-proj-****…abcd`): even its ends are removed.
    const message = (JSON.parse(fixture(name)) as { error: { message: string } }).error.message.replace(/sk-proj-\*+abcd/, '[redacted]');
    expect(error.providerMessage).toBe(message);
  });

  it('decides billing codes before the status and type', () => {
    for (const code of ['credit_balance_exhausted', 'organization_spend_limit_exceeded', 'project_spend_limit_exceeded', 'organization_usage_limit_exceeded']) {
      const bodyText = JSON.stringify({ error: { message: 'no', type: 'insufficient_quota', param: null, code } });
      expect(createOpenAIError({ status: 429, headers: {}, bodyText }).failureClass).toBe('quota');
    }
    const slowDown = JSON.stringify({ error: { message: 'slow', type: 'server_error', param: null, code: 'slow_down' } });
    expect(createOpenAIError({ status: 503, headers: {}, bodyText: slowDown }).failureClass).toBe('rate_limited');
  });

  it('takes retryAfterMs from retry-after-ms, retry-after, then the reset headers, then the message', () => {
    const bodyText = fixture('error-rate-limit-exceeded.json');
    expect(createOpenAIError({ status: 429, headers: { 'retry-after-ms': '250' }, bodyText }).retryAfterMs).toBe(250);
    expect(createOpenAIError({ status: 429, headers: { 'retry-after': '3' }, bodyText }).retryAfterMs).toBe(3000);
    // type "tokens": the token bucket is the one that ran out.
    expect(createOpenAIError({ status: 429, headers: { 'x-ratelimit-reset-requests': '120ms', 'x-ratelimit-reset-tokens': '6m0s' }, bodyText }).retryAfterMs).toBe(360_000);
    expect(createOpenAIError({ status: 429, headers: {}, bodyText }).retryAfterMs).toBe(2336);
    const requests = JSON.stringify({ error: { message: 'x', type: 'requests', code: 'rate_limit_exceeded' } });
    expect(createOpenAIError({ status: 429, headers: { 'x-ratelimit-reset-requests': '2m59.56s', 'x-ratelimit-reset-tokens': '1s' }, bodyText: requests }).retryAfterMs).toBe(179_560);
  });

  it('classifies unparseable bodies by status', () => {
    expect(createOpenAIError({ status: 502, headers: {}, bodyText: '<html>bad gateway</html>' })).toMatchObject({ failureClass: 'server', providerMessage: '<html>bad gateway</html>' });
    expect(createOpenAIError({ status: 504, headers: {}, bodyText: '' })).toMatchObject({ failureClass: 'timeout', providerMessage: 'HTTP 504' });
    expect(createOpenAIError({ status: 408, headers: {}, bodyText: '' }).failureClass).toBe('timeout');
    expect(createOpenAIError({ status: 413, headers: {}, bodyText: '' }).failureClass).toBe('context_too_long');
    expect(createOpenAIError({ status: 403, headers: {}, bodyText: 'nope' }).failureClass).toBe('auth');
  });

  it('reads vLLM-style top-level errors and context messages', () => {
    const bodyText = JSON.stringify({ object: 'error', message: "This model's maximum context length is 4096 tokens.", type: 'BadRequestError', param: null, code: 400 });
    expect(createOpenAIError({ status: 400, headers: {}, bodyText })).toMatchObject({ failureClass: 'context_too_long', providerErrorCode: undefined });
  });

  it('never repeats a key in the message', () => {
    const bodyText = JSON.stringify({ error: { message: 'Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwxyz012345', type: 'invalid_request_error', code: 'invalid_api_key' } });
    const error = createOpenAIError({ status: 401, headers: {}, bodyText });
    expect(error.message).toBe('Incorrect API key provided: [redacted]');
  });
});

describe('parseGoDurationMs', () => {
  it.each([
    ['1s', 1000],
    ['6m0s', 360_000],
    ['120ms', 120],
    ['2m59.56s', 179_560],
    ['0s', 0],
    ['1h2m', 3_720_000],
  ])('%s → %i ms', (text, expected) => {
    expect(parseGoDurationMs(text)).toBe(expected);
  });

  it('rejects text that is not a duration', () => {
    expect(parseGoDurationMs('soon')).toBeUndefined();
    expect(parseGoDurationMs('')).toBeUndefined();
    expect(parseGoDurationMs(undefined)).toBeUndefined();
  });
});
