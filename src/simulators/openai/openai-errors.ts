import type { RenderedError } from '../early-fault.js';
import { exhaustedRateLimitHeaders, openaiJsonHeaders } from './openai-headers.js';

/** What an OpenAI error response should say; unset fields get the real API's defaults. */
export interface OpenaiErrorOptions {
  errorType?: string;
  errorCode?: string | null;
  message?: string;
  param?: string | null;
  retryAfterSeconds?: number;
  headers?: Record<string, string>;
}

interface ErrorDefaults {
  type: string;
  code: string | null;
  param: string | null;
  message: string;
}

const SERVER_ERROR: ErrorDefaults = {
  type: 'server_error',
  code: null,
  param: null,
  message: 'The server had an error while processing your request. Sorry about that!',
};

/** Billing codes: 429s that retrying never fixes, sent with type insufficient_quota. */
const QUOTA_CODES = new Set([
  'insufficient_quota',
  'credit_balance_exhausted',
  'organization_spend_limit_exceeded',
  'project_spend_limit_exceeded',
  'organization_usage_limit_exceeded',
]);

function defaultsFor(status: number, errorCode: string | null | undefined): ErrorDefaults {
  switch (status) {
    case 400:
      if (errorCode === 'context_length_exceeded') {
        return {
          type: 'invalid_request_error',
          code: errorCode,
          param: 'messages',
          message:
            "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
        };
      }
      return { type: 'invalid_request_error', code: null, param: null, message: 'Invalid request.' };
    case 401:
      return {
        type: 'invalid_request_error',
        code: 'invalid_api_key',
        param: null,
        message:
          'Incorrect API key provided: sk-****. You can find your API key at https://platform.openai.com/account/api-keys.',
      };
    case 403:
      return {
        type: 'request_forbidden',
        code: 'unsupported_country_region_territory',
        param: null,
        message: 'Country, region, or territory not supported',
      };
    case 404:
      return {
        type: 'invalid_request_error',
        code: 'model_not_found',
        param: null,
        message: 'The model does not exist or you do not have access to it.',
      };
    case 429:
      if (typeof errorCode === 'string' && QUOTA_CODES.has(errorCode)) {
        return {
          type: 'insufficient_quota',
          code: errorCode,
          param: null,
          message:
            'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
        };
      }
      return {
        type: 'tokens',
        code: 'rate_limit_exceeded',
        param: null,
        message:
          'Rate limit reached for the simulated model in organization org-lifeline-simulator on tokens per min (TPM): Limit 30000000, Used 30000000, Requested 2048. Please try again in 1s. Visit https://platform.openai.com/account/rate-limits to learn more.',
      };
    case 503:
      return {
        ...SERVER_ERROR,
        message:
          'That model is currently overloaded with other requests. You can retry your request, or contact us through our help center at help.openai.com if the error persists.',
      };
    default:
      return status >= 500 ? SERVER_ERROR : { type: 'invalid_request_error', code: null, param: null, message: 'Invalid request.' };
  }
}

/** The error object inside the envelope (also the payload of an in-stream error). */
export function openaiErrorEnvelope(status: number, options: OpenaiErrorOptions = {}): string {
  const defaults = defaultsFor(status, options.errorCode);
  return JSON.stringify({
    error: {
      message: options.message ?? defaults.message,
      type: options.errorType ?? defaults.type,
      param: options.param !== undefined ? options.param : defaults.param,
      code: options.errorCode !== undefined ? options.errorCode : defaults.code,
    },
  });
}

/** Builds the real-shaped error response for `status`; rate-limit 429s carry `retry-after`, quota 429s do not. */
export function openaiErrorResponse(
  status: number,
  requestId: string,
  options: OpenaiErrorOptions = {},
): RenderedError {
  let headers = openaiJsonHeaders(requestId);
  const isQuota = typeof options.errorCode === 'string' && QUOTA_CODES.has(options.errorCode);
  const retryAfterSeconds = options.retryAfterSeconds ?? (status === 429 && !isQuota ? 1 : undefined);
  if (status === 429) headers = { ...headers, ...exhaustedRateLimitHeaders(retryAfterSeconds ?? 60) };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  if (options.headers) headers = { ...headers, ...options.headers };
  return { status, headers, body: openaiErrorEnvelope(status, options) };
}
