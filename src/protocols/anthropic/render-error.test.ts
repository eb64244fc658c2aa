import { describe, expect, it } from 'vitest';
import {
  InvalidRequestError,
  ModelNotFoundError,
  NoHealthyTargetError,
  UpstreamConnectionError,
  UpstreamHttpError,
  UpstreamTimeoutError,
} from '../../errors/index.js';
import { renderAnthropicError } from './render-error.js';

describe('renderAnthropicError', () => {
  it('renders the Anthropic envelope with the error type for the status', () => {
    const rendered = renderAnthropicError(new InvalidRequestError('messages: Field required', { param: 'messages' }));
    expect(rendered).toEqual({
      status: 400,
      body: { type: 'error', error: { type: 'invalid_request_error', message: 'messages: Field required' } },
      headers: {},
    });
    expect(renderAnthropicError(new ModelNotFoundError('x', [])).body).toMatchObject({ error: { type: 'not_found_error' } });
    expect(renderAnthropicError(new UpstreamTimeoutError('first-byte', 1000))).toMatchObject({ status: 504, body: { error: { type: 'timeout_error' } } });
    expect(renderAnthropicError(new UpstreamConnectionError('refused'))).toMatchObject({ status: 502, body: { error: { type: 'api_error' } } });
  });

  it.each([
    [401, 'authentication_error'],
    [402, 'billing_error'],
    [403, 'permission_error'],
    [413, 'request_too_large'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [503, 'overloaded_error'],
    [529, 'overloaded_error'],
    [418, 'invalid_request_error'],
    [507, 'api_error'],
  ])('status %i → %s', (status, type) => {
    const error = new UpstreamHttpError({ status, failureClass: 'server', providerMessage: 'x', providerErrorType: 'insufficient_quota' });
    expect(renderAnthropicError(error).body).toMatchObject({ error: { type } });
  });

  it("prefers the upstream's Anthropic error type and sends retry-after in whole seconds", () => {
    const error = new UpstreamHttpError({ status: 500, failureClass: 'overloaded', providerErrorType: 'overloaded_error', providerMessage: 'Overloaded', retryAfterMs: 1500 });
    expect(renderAnthropicError(error)).toEqual({
      status: 500,
      body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      headers: { 'retry-after': '2' },
    });
    const all = new NoHealthyTargetError([], { statusCode: 429, failureClass: 'rate_limited', retryAfterMs: 10_000, isRetryable: true });
    expect(renderAnthropicError(all).headers).toEqual({ 'retry-after': '10' });
  });

  it('never shows anything shaped like a key', () => {
    const error = new UpstreamHttpError({ status: 401, failureClass: 'auth', providerMessage: 'bad key sk-ant-api03-abcdefghijklmnop' });
    expect(JSON.stringify(renderAnthropicError(error).body)).not.toContain('abcdefghijklmnop');
  });
});
