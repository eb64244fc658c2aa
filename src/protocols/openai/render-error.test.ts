import { describe, expect, it } from 'vitest';
import {
  InvalidRequestError,
  ModelNotFoundError,
  NoHealthyTargetError,
  UpstreamHttpError,
  UpstreamTimeoutError,
} from '../../errors/index.js';
import { renderOpenAIError } from './render-error.js';

describe('renderOpenAIError', () => {
  it('renders an invalid request with its param', () => {
    const rendered = renderOpenAIError(new InvalidRequestError("Missing required parameter: 'model'.", { param: 'model' }));
    expect(rendered).toEqual({
      status: 400,
      body: { error: { message: "Missing required parameter: 'model'.", type: 'invalid_request_error', param: 'model', code: null } },
      headers: {},
    });
  });

  it('renders an unknown model as model_not_found', () => {
    const rendered = renderOpenAIError(new ModelNotFoundError('gpt-9', ['gpt-*']));
    expect(rendered.status).toBe(404);
    expect(rendered.body.error).toMatchObject({ type: 'invalid_request_error', code: 'model_not_found', param: null });
  });

  it('keeps OpenAI upstream types and codes and sets retry-after in whole seconds', () => {
    const error = new UpstreamHttpError({
      status: 429, failureClass: 'rate_limited', providerErrorType: 'tokens', providerErrorCode: 'rate_limit_exceeded', providerMessage: 'Rate limit reached', retryAfterMs: 2336,
    });
    expect(renderOpenAIError(error)).toEqual({
      status: 429,
      body: { error: { message: 'Rate limit reached', type: 'tokens', param: null, code: 'rate_limit_exceeded' } },
      headers: { 'retry-after': '3' },
    });
  });

  it('translates Anthropic upstream errors into OpenAI types', () => {
    const overloaded = renderOpenAIError(new UpstreamHttpError({ status: 529, failureClass: 'overloaded', providerErrorType: 'overloaded_error', providerMessage: 'Overloaded' }));
    expect(overloaded.status).toBe(503);
    expect(overloaded.body.error).toMatchObject({ type: 'server_error', code: null });
    const auth = renderOpenAIError(new UpstreamHttpError({ status: 401, failureClass: 'auth', providerErrorType: 'authentication_error', providerMessage: 'invalid x-api-key' }));
    expect(auth.body.error).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key' });
    const billing = renderOpenAIError(new UpstreamHttpError({ status: 400, failureClass: 'quota', providerErrorType: 'billing_error', providerMessage: 'credit balance too low' }));
    expect(billing.body.error).toMatchObject({ type: 'insufficient_quota', code: 'insufficient_quota' });
    const context = renderOpenAIError(new UpstreamHttpError({ status: 400, failureClass: 'context_too_long', providerErrorType: 'invalid_request_error', providerMessage: 'prompt is too long' }));
    expect(context.body.error).toMatchObject({ type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages' });
  });

  it('renders gateway failures as server errors and never shows a key', () => {
    const timeout = renderOpenAIError(new UpstreamTimeoutError('first-byte', 1000));
    expect(timeout.status).toBe(504);
    expect(timeout.body.error).toMatchObject({ type: 'server_error' });
    const exhausted = new NoHealthyTargetError(
      [{ target: { provider: 'openai', model: 'gpt-4o', key: 'key-1 …abcd' }, failureClass: 'rate_limited', status: 429, message: 'sk-proj-SECRETSECRETSECRET123', durationMs: 5 }],
      { statusCode: 429, failureClass: 'rate_limited', retryAfterMs: 30_000, isRetryable: true },
    );
    const rendered = renderOpenAIError(exhausted);
    expect(rendered.status).toBe(429);
    expect(rendered.headers).toEqual({ 'retry-after': '30' });
    expect(rendered.body.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    expect(JSON.stringify(rendered)).not.toContain('SECRETSECRET');
  });
});
