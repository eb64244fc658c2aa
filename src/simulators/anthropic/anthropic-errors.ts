import type { RenderedError } from '../early-fault.js';
import { anthropicJsonHeaders, exhaustedRateLimitHeaders } from './anthropic-headers.js';

/** What an Anthropic error response should say; unset fields get the real API's defaults for the status. */
export interface AnthropicErrorOptions {
  errorType?: string;
  errorCode?: string;
  message?: string;
  retryAfterSeconds?: number;
  headers?: Record<string, string>;
}


const DEFAULTS: Record<number, { type: string; message: string }> = {
  400: { type: 'invalid_request_error', message: 'Invalid request.' },
  401: { type: 'authentication_error', message: 'invalid x-api-key' },
  402: { type: 'billing_error', message: 'There is a problem with the billing details on this account.' },
  403: { type: 'permission_error', message: 'This API key is not allowed to use the requested resource.' },
  404: { type: 'not_found_error', message: 'Not found' },
  409: {
    type: 'conflict_error',
    message: 'The resource was changed by another request; retry with the current state.',
  },
  413: { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' },
  429: {
    type: 'rate_limit_error',
    message:
      'This request would exceed the rate limit for your organization (00000000-0000-4000-8000-000000000000) of 2,000,000 input tokens per minute. Reduce the prompt length or the maximum tokens requested, or try again later.',
  },
  500: { type: 'api_error', message: 'Internal server error' },
  504: { type: 'timeout_error', message: 'Request timed out' },
  529: { type: 'overloaded_error', message: 'Overloaded' },
};

function defaultsFor(status: number): { type: string; message: string } {
  return DEFAULTS[status] ?? (status >= 500 ? { type: 'api_error', message: 'Internal server error' } : {
    type: 'invalid_request_error',
    message: 'Invalid request.',
  });
}

/** The HTTP status the API would use for an error type (for error faults on non-stream requests). */
export function anthropicStatusForErrorType(errorType: string | undefined): number {
  switch (errorType) {
    case undefined:
    case 'overloaded_error':
      return 529;
    case 'rate_limit_error':
      return 429;
    case 'timeout_error':
      return 504;
    case 'invalid_request_error':
      return 400;
    default:
      return 500;
  }
}

/** The `error` object; real captures carry `details: null` on overload/api errors and `{error_code}` when precise. */
function errorObject(errorType: string, message: string, errorCode: string | undefined): Record<string, unknown> {
  if (errorCode !== undefined) return { type: errorType, message, details: { error_code: errorCode } };
  if (errorType === 'overloaded_error' || errorType === 'api_error') return { details: null, type: errorType, message };
  return { type: errorType, message };
}

/** The in-stream `error` payload (same envelope without `request_id`). */
export function anthropicErrorEnvelope(errorType: string, message: string, errorCode?: string): string {
  return JSON.stringify({ type: 'error', error: errorObject(errorType, message, errorCode) });
}

/** Builds the real-shaped error response for `status`, with the 429's `retry-after` and exhausted rate-limit headers. */
export function anthropicErrorResponse(
  status: number,
  requestId: string,
  options: AnthropicErrorOptions = {},
): RenderedError {
  const defaults = defaultsFor(status);
  const errorType = options.errorType ?? defaults.type;
  const message = options.message ?? defaults.message;
  const error = errorObject(errorType, message, options.errorCode);
  let headers = anthropicJsonHeaders(requestId);
  // A spend cap (429 with an error code) carries no retry-after: waiting does not help.
  const retryAfterSeconds =
    options.retryAfterSeconds ?? (status === 429 && options.errorCode === undefined ? 1 : undefined);
  if (status === 429) headers = { ...headers, ...exhaustedRateLimitHeaders(retryAfterSeconds ?? 60) };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  if (options.headers) headers = { ...headers, ...options.headers };
  return {
    status,
    headers,
    body: JSON.stringify({ type: 'error', error, request_id: requestId }),
  };
}
