import { UpstreamHttpError, type FailureClass, type TargetRef } from '../../errors/index.js';
import { redactSecrets } from '../../secrets/redact-secrets.js';
import { parseRetryAfterMs } from '../shared/retry-after.js';
import { type AnthropicErrorObject, anthropicErrorBodySchema, anthropicErrorObjectSchema } from './anthropic-api-schemas.js';

/** What the API answered, as read off the wire. */
export interface AnthropicErrorResponse {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  target?: TargetRef;
  /** For tests: the clock used to turn rate-limit reset times into waits. */
  now?: number;
}

/**
 * The one factory for Anthropic failures: a non-2xx answer → UpstreamHttpError whose
 * `failureClass` says what failover may do (see the table in docs/translation-anthropic.md).
 */
export function createAnthropicError(response: AnthropicErrorResponse): UpstreamHttpError {
  const body = parseJson(response.bodyText);
  const parsed = anthropicErrorBodySchema.safeParse(body);
  const errorObject = parsed.success ? parsed.data.error : undefined;
  const hasRetryAfter = response.headers['retry-after'] !== undefined || response.headers['retry-after-ms'] !== undefined;
  const failureClass = classifyAnthropicError(response.status, errorObject, hasRetryAfter);
  const retryAfterMs =
    parseRetryAfterMs(response.headers, response.now) ??
    (failureClass === 'rate_limited' ? earliestRateLimitResetMs(response.headers, response.now ?? Date.now()) : undefined);
  return new UpstreamHttpError({
    status: response.status,
    failureClass,
    ...errorFields(errorObject),
    providerMessage: errorObject?.message
      ? redactSecrets(errorObject.message)
      : `Anthropic answered HTTP ${response.status} with a body that is not an Anthropic error`,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(response.target ? { target: response.target } : {}),
  });
}

/**
 * An SSE `error` event inside a started stream → UpstreamHttpError (midStream). Its status is the
 * one the same error would have had before the stream: 529 for an overload, which real streams
 * also report as `api_error` with the message "Overloaded".
 */
export function createAnthropicStreamError(error: unknown, target?: TargetRef): UpstreamHttpError {
  const parsed = anthropicErrorObjectSchema.safeParse(error);
  const errorObject = parsed.success ? parsed.data : undefined;
  const status = isOverload(errorObject) ? 529 : statusForType(errorObject?.type);
  return new UpstreamHttpError({
    status,
    failureClass: classifyAnthropicError(status, errorObject, false),
    ...errorFields(errorObject),
    providerMessage: errorObject?.message ? redactSecrets(errorObject.message) : 'Anthropic stream reported an error',
    midStream: true,
    ...(target ? { target } : {}),
  });
}

/** The failure class of an Anthropic error, from status, error type, error code and message. */
export function classifyAnthropicError(status: number, error: AnthropicErrorObject | undefined, hasRetryAfter: boolean): FailureClass {
  const message = error?.message ?? '';
  const code = error?.details?.error_code ?? '';
  if (isOverload(error)) return 'overloaded';
  switch (status) {
    case 400:
      if (/prompt is too long|model_context_window_exceeded|context window/i.test(message) || code === 'model_context_window_exceeded') {
        return 'context_too_long';
      }
      // A spend limit set on the organization, or the older "credit balance is too low", also come as 400.
      if (isSpendLimit(code, message)) return 'quota';
      return 'invalid_request';
    case 401:
    case 403:
      return 'auth';
    case 402:
      return 'quota';
    case 404:
      return 'not_found';
    case 408:
      return 'timeout';
    case 413:
      return 'context_too_long';
    case 429:
      // A spend cap looks like a rate limit but has no retry-after: waiting does not help.
      if (isSpendLimit(code, '') || (!hasRetryAfter && isSpendLimit('', message))) return 'quota';
      return 'rate_limited';
    case 503:
    case 529:
      return 'overloaded';
    case 504:
      return 'timeout';
    default:
      if (status >= 500) return 'server';
      // 409 and friends: the SDK retries 409, so treat it as transient rather than the client's fault.
      if (status === 409) return 'server';
      return 'invalid_request';
  }
}

function isOverload(error: AnthropicErrorObject | undefined): boolean {
  return error?.type === 'overloaded_error' || (error?.type === 'api_error' && /^overloaded$/i.test((error.message ?? '').trim()));
}

function isSpendLimit(code: string, message: string): boolean {
  return /spend_limit|usage_limit|credit/i.test(code) || /spend limit|usage limit|credit balance/i.test(message);
}

const STATUS_BY_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  conflict_error: 409,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

function statusForType(type: string | null | undefined): number {
  return (type ? STATUS_BY_TYPE[type] : undefined) ?? 500;
}

function errorFields(error: AnthropicErrorObject | undefined): { providerErrorType?: string; providerErrorCode?: string } {
  return {
    ...(error?.type ? { providerErrorType: error.type } : {}),
    ...(error?.details?.error_code ? { providerErrorCode: error.details.error_code } : {}),
  };
}

/**
 * Wait until a rate limit lifts, from `anthropic-ratelimit-*-reset` (RFC 3339). The reset of an
 * exhausted bucket (`-remaining: 0`) is preferred: another bucket's earlier reset would not help.
 */
export function earliestRateLimitResetMs(headers: Record<string, string>, now: number): number | undefined {
  let exhausted: number | undefined;
  let any: number | undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('anthropic-ratelimit-') || !name.endsWith('-reset')) continue;
    const at = Date.parse(value);
    if (Number.isNaN(at)) continue;
    const waitMs = Math.max(0, at - now);
    any = any === undefined ? waitMs : Math.min(any, waitMs);
    if (headers[name.replace(/-reset$/, '-remaining')] === '0') exhausted = exhausted === undefined ? waitMs : Math.min(exhausted, waitMs);
  }
  return exhausted ?? any;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
