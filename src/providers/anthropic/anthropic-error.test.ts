import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAnthropicError, createAnthropicStreamError, earliestRateLimitResetMs } from './anthropic-error.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

describe('createAnthropicError', () => {
  it.each([
    ['error-invalid-request.json', 400, {}, 'context_too_long', 'invalid_request_error'],
    ['error-authentication.json', 401, {}, 'auth', 'authentication_error'],
    ['error-billing.json', 402, {}, 'quota', 'billing_error'],
    ['error-permission.json', 403, {}, 'auth', 'permission_error'],
    ['error-not-found.json', 404, {}, 'not_found', 'not_found_error'],
    ['error-conflict.json', 409, {}, 'server', 'conflict_error'],
    ['error-request-too-large.json', 413, {}, 'context_too_long', 'request_too_large'],
    ['error-rate-limit.json', 429, { 'retry-after': '11' }, 'rate_limited', 'rate_limit_error'],
    ['error-rate-limit-spend-cap.json', 429, {}, 'quota', 'rate_limit_error'],
    ['error-api.json', 500, {}, 'server', 'api_error'],
    ['error-timeout.json', 504, {}, 'timeout', 'timeout_error'],
    ['error-overloaded.json', 529, {}, 'overloaded', 'overloaded_error'],
  ] as const)('%s (%i) → %s', (file, status, headers, failureClass, type) => {
    const body = fixture(file);
    const error = createAnthropicError({ status, headers, bodyText: body });
    expect(error.failureClass).toBe(failureClass);
    expect(error.status).toBe(status);
    expect(error.providerErrorType).toBe(type);
    expect(error.providerMessage).toBe((JSON.parse(body) as { error: { message: string } }).error.message);
    expect(error.midStream).toBe(false);
  });

  it('reads retry-after, and the spend cap error code', () => {
    expect(createAnthropicError({ status: 429, headers: { 'retry-after': '11' }, bodyText: fixture('error-rate-limit.json') }).retryAfterMs).toBe(11_000);
    expect(createAnthropicError({ status: 429, headers: { 'retry-after-ms': '250.5' }, bodyText: fixture('error-rate-limit.json') }).retryAfterMs).toBe(250.5);
    const spendCap = createAnthropicError({ status: 429, headers: {}, bodyText: fixture('error-rate-limit-spend-cap.json') });
    expect(spendCap.providerErrorCode).toBe('enforced_spend_limit_reached');
    expect(spendCap.isRetryable).toBe(false);
  });

  it('takes the wait from the exhausted rate-limit bucket when there is no retry-after', () => {
    const now = Date.parse('2026-11-24T09:15:30Z');
    const headers = {
      'anthropic-ratelimit-requests-remaining': '987',
      'anthropic-ratelimit-requests-reset': '2026-11-24T09:15:42Z',
      'anthropic-ratelimit-input-tokens-remaining': '0',
      'anthropic-ratelimit-input-tokens-reset': '2026-11-24T09:15:53Z',
    };
    const error = createAnthropicError({ status: 429, headers, bodyText: fixture('error-rate-limit.json'), now });
    expect(error.failureClass).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(23_000);
    expect(earliestRateLimitResetMs({ 'anthropic-ratelimit-tokens-reset': '2026-11-24T09:15:35Z' }, now)).toBe(5_000);
  });

  it('treats a 429 that mentions a usage limit without retry-after as quota', () => {
    const body = JSON.stringify({ type: 'error', error: { type: 'rate_limit_error', message: 'You have reached your workspace usage limit.' } });
    expect(createAnthropicError({ status: 429, headers: {}, bodyText: body }).failureClass).toBe('quota');
    expect(createAnthropicError({ status: 429, headers: { 'retry-after': '3' }, bodyText: body }).failureClass).toBe('rate_limited');
  });

  it('classifies by status when the body is not an Anthropic error', () => {
    for (const [status, failureClass] of [[502, 'server'], [503, 'overloaded'], [504, 'timeout'], [408, 'timeout'], [401, 'auth'], [418, 'invalid_request']] as const) {
      const error = createAnthropicError({ status, headers: {}, bodyText: '<html>Bad gateway</html>' });
      expect(error.failureClass).toBe(failureClass);
      expect(error.providerMessage).toContain(String(status));
      expect(error.providerMessage).not.toContain('html');
    }
  });

  it('treats api_error "Overloaded" as an overload and never echoes a key', () => {
    const overloaded = JSON.stringify({ type: 'error', error: { type: 'api_error', message: 'Overloaded' } });
    expect(createAnthropicError({ status: 500, headers: {}, bodyText: overloaded }).failureClass).toBe('overloaded');
    const leaky = JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key sk-ant-api03-SECRETSECRETSECRET' } });
    expect(createAnthropicError({ status: 401, headers: {}, bodyText: leaky }).message).not.toContain('SECRETSECRET');
  });
});

describe('createAnthropicStreamError', () => {
  it('maps an in-stream overload to 529, also when sent as api_error', () => {
    for (const type of ['overloaded_error', 'api_error']) {
      const error = createAnthropicStreamError({ details: null, type, message: 'Overloaded' });
      expect(error).toMatchObject({ status: 529, failureClass: 'overloaded', midStream: true, providerErrorType: type });
    }
    expect(createAnthropicStreamError({ type: 'api_error', message: 'Internal server error' })).toMatchObject({ status: 500, failureClass: 'server' });
    expect(createAnthropicStreamError({ type: 'rate_limit_error', message: 'slow' })).toMatchObject({ status: 429, failureClass: 'rate_limited' });
    expect(createAnthropicStreamError('garbage')).toMatchObject({ status: 500, failureClass: 'server', midStream: true });
  });
});
