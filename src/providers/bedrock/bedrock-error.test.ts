import { describe, expect, it } from 'vitest';
import { toBedrockBody } from './bedrock-body.js';
import { createBedrockError, createBedrockStreamError } from './bedrock-error.js';

const answer = (status: number, exception: string | undefined, message: string) =>
  createBedrockError({ status, headers: exception ? { 'x-amzn-errortype': `${exception}:http://internal.amazon.com/coral/com.amazon.bedrock/` } : {}, bodyText: JSON.stringify({ message }) });

describe('Bedrock errors', () => {
  it('classes each exception by what failover may do', () => {
    expect(answer(403, 'AccessDeniedException', "You don't have access to the model with the specified model ID.").failureClass).toBe('not_found');
    expect(answer(403, 'AccessDeniedException', 'User: arn:aws:iam::123456789012:user/x is not authorized to perform: bedrock:InvokeModel').failureClass).toBe('auth');
    expect(answer(429, 'ServiceQuotaExceededException', 'Your request exceeds the service quota for your account.').failureClass).toBe('quota');
    expect(answer(429, 'ModelNotReadyException', 'Model is not ready to serve inference requests.').failureClass).toBe('overloaded');
    expect(answer(408, 'ModelTimeoutException', 'Model has timed out in processing the request.').failureClass).toBe('timeout');
    expect(answer(400, 'ValidationException', 'invalid beta flag').failureClass).toBe('invalid_request');
    expect(answer(400, 'ValidationException', 'The provided model identifier is invalid.').failureClass).toBe('not_found');
    // No exception header: the body's __type, else the status.
    expect(createBedrockError({ status: 400, headers: {}, bodyText: '{"__type":"com.amazon.coral.service#ExpiredTokenException","message":"expired"}' }).failureClass).toBe('auth');
    expect(createBedrockError({ status: 502, headers: {}, bodyText: '<html>bad gateway</html>' })).toMatchObject({ failureClass: 'server', providerMessage: 'Bedrock answered HTTP 502 without a message' });
  });

  it('gives an in-stream exception the status it has before a stream', () => {
    expect(createBedrockStreamError('throttlingException', '{"message":"Too many tokens"}')).toMatchObject({ status: 429, failureClass: 'rate_limited', midStream: true, providerMessage: 'ThrottlingException: Too many tokens' });
    expect(createBedrockStreamError('modelStreamErrorException', 'not json')).toMatchObject({ status: 424, failureClass: 'server' });
  });
});

describe('toBedrockBody', () => {
  it('moves model and stream out, sets Bedrock\'s version and merges header and body betas Bedrock takes', () => {
    const body = toBedrockBody(
      { model: 'm', stream: true, service_tier: 'auto', max_tokens: 5, anthropic_beta: ['context-1m-2025-08-07', 'skills-2025-10-02'], metadata: { user_id: 'u' }, messages: [] },
      'interleaved-thinking-2025-05-14, context-1m-2025-08-07,oauth-2025-04-20',
    );
    expect(body).toEqual({ max_tokens: 5, metadata: { user_id: 'u' }, messages: [], anthropic_version: 'bedrock-2023-05-31', anthropic_beta: ['context-1m-2025-08-07', 'interleaved-thinking-2025-05-14'] });
    expect(toBedrockBody({ anthropic_beta: ['oauth-2025-04-20'], messages: [] }, undefined)).not.toHaveProperty('anthropic_beta');
  });
});
