import { describe, expect, it } from 'vitest';
import { createGoogleError } from './google-error.js';

const error = (status: number, body: unknown, headers: Record<string, string> = {}) => createGoogleError({ status, headers, bodyText: JSON.stringify(body), providerLabel: 'Gemini' });

describe('createGoogleError', () => {
  it('classifies by the canonical code name and the details', () => {
    expect(error(400, { error: { code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }] } }).failureClass).toBe('auth');
    expect(error(400, { error: { code: 400, message: 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).', status: 'INVALID_ARGUMENT' } }).failureClass).toBe('context_too_long');
    expect(error(400, { error: { code: 400, message: 'Invalid value', status: 'INVALID_ARGUMENT' } }).failureClass).toBe('invalid_request');
    expect(error(400, { error: { code: 400, message: 'Gemini API free tier is not available in your country. Please enable billing on your project in Google AI Studio.', status: 'FAILED_PRECONDITION' } }).failureClass).toBe('quota');
    expect(error(403, { error: { code: 403, message: "Permission 'aiplatform.endpoints.predict' denied", status: 'PERMISSION_DENIED' } }).failureClass).toBe('auth');
    expect(error(404, { error: { code: 404, message: 'Publisher Model was not found', status: 'NOT_FOUND' } }).failureClass).toBe('not_found');
    expect(error(503, { error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } }).failureClass).toBe('overloaded');
    expect(error(504, { error: { code: 504, message: 'Deadline expired', status: 'DEADLINE_EXCEEDED' } }).failureClass).toBe('timeout');
    expect(error(500, '<html>oops</html>').failureClass).toBe('server');
  });

  it('reads the wait from RetryInfo, and tells a daily quota from a rate limit', () => {
    const limited = error(429, { error: { code: 429, message: 'Resource exhausted', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '13s' }] } });
    expect(limited.failureClass).toBe('rate_limited');
    expect(limited.retryAfterMs).toBe(13_000);
    const daily = error(429, { error: { code: 429, message: 'You exceeded your current quota', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' }] }] } });
    expect(daily.failureClass).toBe('quota');
  });
});
