import { z } from 'zod';
import { UpstreamHttpError, type FailureClass, type TargetRef } from '../../errors/index.js';
import { redactedPrefix, redactSecrets } from '../../secrets/redact-secrets.js';
import { parseRetryAfterMs } from '../shared/retry-after.js';
import { openaiErrorBodySchema } from './openai-api-schemas.js';

/** What an OpenAI-format error says, from its envelope or from the looser shapes compatible servers send. */
interface OpenAIErrorFields {
  message: string | undefined;
  type: string | undefined;
  code: string | undefined;
  /** The request parameter the error is about (`messages[0].content`), when the provider names one. */
  param?: string;
}

// vLLM/FastAPI-style bodies: {"object":"error","message","type","code":400} or {"detail": "..."} or {"error": "text"}.
const looseErrorSchema = z.looseObject({
  message: z.string().nullish(),
  type: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
  param: z.unknown().optional(),
  detail: z.unknown().optional(),
  error: z.unknown().optional(),
});

const QUOTA_CODES = new Set(['insufficient_quota', 'credit_balance_exhausted', 'billing_hard_limit_reached', 'billing_not_active']);
const AUTH_CODES = new Set(['invalid_api_key', 'ip_not_authorized', 'unsupported_country', 'invalid_organization', 'missing_api_key']);
const OVERLOADED_TYPES = new Set(['server_is_overloaded', 'service_unavailable_error', 'overloaded', 'overloaded_error']);
const CONTEXT_MESSAGE = /maximum context length|context length|context window|prompt is too long|too many tokens/i;

/**
 * Failure class of an OpenAI-format error: the `code` decides first (billing errors share
 * `type: insufficient_quota` and differ only by code), then the `type`, then the status.
 */
export function classifyOpenAIError(status: number, fields: OpenAIErrorFields): FailureClass {
  const code = fields.code;
  if (code !== undefined) {
    if (code === 'context_length_exceeded' || code === 'string_above_max_length') return 'context_too_long';
    if (QUOTA_CODES.has(code) || /_(spend|usage)_limit_(exceeded|reached)$/.test(code)) return 'quota';
    if (code === 'rate_limit_exceeded' || code === 'slow_down') return 'rate_limited';
    if (AUTH_CODES.has(code)) return 'auth';
    if (code === 'model_not_found') return 'not_found';
    if (OVERLOADED_TYPES.has(code)) return 'overloaded';
  }
  const type = fields.type;
  if (type === 'insufficient_quota') return 'quota';
  if (type !== undefined && OVERLOADED_TYPES.has(type)) return 'overloaded';
  if (status === 400 && fields.message !== undefined && CONTEXT_MESSAGE.test(fields.message)) return 'context_too_long';
  return classifyStatus(status, type);
}

function classifyStatus(status: number, type: string | undefined): FailureClass {
  switch (status) {
    case 400:
    case 409:
    case 422:
      return 'invalid_request';
    case 401:
    case 403:
      return 'auth';
    case 404:
      return 'not_found';
    case 408:
    case 504:
      return 'timeout';
    case 413:
      return 'context_too_long';
    case 429:
      return 'rate_limited';
    case 503:
    case 529:
      return 'overloaded';
    default:
      break;
  }
  if (status >= 500) return 'server';
  // No status (a stream error object): go by type.
  if (type === 'rate_limit_error' || type === 'tokens' || type === 'requests') return 'rate_limited';
  if (type === 'authentication_error' || type === 'permission_error') return 'auth';
  if (type === 'invalid_request_error') return 'invalid_request';
  return status >= 400 && status < 500 ? 'invalid_request' : 'server';
}

/**
 * Builds the UpstreamHttpError for a non-2xx OpenAI-format answer. Rate limits get `retryAfterMs`
 * from retry-after-ms / retry-after, else from the x-ratelimit-reset-* Go durations, else from
 * "try again in 2.336s" in the message. Messages are redacted (configured secrets, key shapes).
 */
export function createOpenAIError(options: { status: number; headers: Record<string, string>; bodyText: string; target?: TargetRef }): UpstreamHttpError {
  const fields = readErrorFields(options.bodyText);
  const failureClass = classifyOpenAIError(options.status, fields);
  const retryAfterMs =
    parseRetryAfterMs(options.headers) ?? (failureClass === 'rate_limited' ? rateLimitResetMs(options.headers, fields) : undefined);
  const fallback = redactedPrefix(options.bodyText.trim(), 500) || `HTTP ${options.status}`;
  return new UpstreamHttpError({
    status: options.status,
    failureClass,
    ...(fields.type !== undefined ? { providerErrorType: fields.type } : {}),
    ...(fields.code !== undefined ? { providerErrorCode: fields.code } : {}),
    ...(fields.param !== undefined ? { providerParam: fields.param } : {}),
    providerMessage: fields.message !== undefined ? redactSecrets(fields.message) : fallback,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(options.target ? { target: options.target } : {}),
  });
}

const STATUS_BY_CLASS: Partial<Record<FailureClass, number>> = {
  invalid_request: 400,
  context_too_long: 400,
  auth: 401,
  not_found: 404,
  rate_limited: 429,
  quota: 429,
  overloaded: 503,
  timeout: 504,
};

/** Builds the UpstreamHttpError for an `{"error":…}` data object inside a stream that had started. */
export function createOpenAIStreamError(errorObject: unknown, target?: TargetRef): UpstreamHttpError {
  const fields = fieldsOf(errorObject);
  const failureClass = classifyOpenAIError(0, fields);
  return new UpstreamHttpError({
    status: STATUS_BY_CLASS[failureClass] ?? 500,
    failureClass,
    ...(fields.type !== undefined ? { providerErrorType: fields.type } : {}),
    ...(fields.code !== undefined ? { providerErrorCode: fields.code } : {}),
    providerMessage: redactSecrets(fields.message ?? 'the provider reported an error in the stream'),
    midStream: true,
    ...(target ? { target } : {}),
  });
}

function readErrorFields(bodyText: string): OpenAIErrorFields {
  let json: unknown;
  try {
    json = JSON.parse(bodyText) as unknown;
  } catch {
    return { message: undefined, type: undefined, code: undefined };
  }
  const envelope = openaiErrorBodySchema.safeParse(json);
  if (envelope.success) return fieldsOf(envelope.data.error);
  const loose = looseErrorSchema.safeParse(json);
  if (!loose.success) return { message: undefined, type: undefined, code: undefined };
  const fields = fieldsOf(loose.data);
  if (fields.message !== undefined) return fields;
  const detail = loose.data.detail ?? loose.data.error;
  return { ...fields, message: typeof detail === 'string' ? detail : undefined };
}

function fieldsOf(value: unknown): OpenAIErrorFields {
  const parsed = looseErrorSchema.safeParse(value);
  if (!parsed.success) return { message: typeof value === 'string' ? value : undefined, type: undefined, code: undefined };
  const { message, type, code, param } = parsed.data;
  return {
    message: message ?? undefined,
    type: type ?? undefined,
    // Numeric codes (vLLM repeats the status there) say nothing the status does not.
    code: typeof code === 'string' ? code : undefined,
    ...(typeof param === 'string' ? { param } : {}),
  };
}

function rateLimitResetMs(headers: Record<string, string>, fields: OpenAIErrorFields): number | undefined {
  const requests = parseGoDurationMs(headers['x-ratelimit-reset-requests']);
  const tokens = parseGoDurationMs(headers['x-ratelimit-reset-tokens']);
  // Wait for the bucket that ran out: OpenAI names it in `type` (tokens/requests) or in remaining-* = 0.
  if (fields.type === 'tokens' && tokens !== undefined) return tokens;
  if (fields.type === 'requests' && requests !== undefined) return requests;
  if (headers['x-ratelimit-remaining-requests'] === '0' && requests !== undefined) return requests;
  if (headers['x-ratelimit-remaining-tokens'] === '0' && tokens !== undefined) return tokens;
  if (requests !== undefined || tokens !== undefined) return Math.max(requests ?? 0, tokens ?? 0);
  const hint = /try again in (\d+(?:\.\d+)?)\s*(ms|s)\b/i.exec(fields.message ?? '');
  if (!hint) return undefined;
  const value = Number.parseFloat(hint[1]!);
  return hint[2]!.toLowerCase() === 'ms' ? value : value * 1000;
}

/** Go duration text (`1s`, `6m0s`, `120ms`, `2m59.56s`, `1h2m`) → milliseconds; undefined if not one. */
export function parseGoDurationMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^\s*(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?\s*$/.exec(text);
  if (!match || match.slice(1).every((part) => part === undefined)) return undefined;
  const [hours, minutes, seconds, milliseconds] = match.slice(1).map((part) => (part === undefined ? 0 : Number.parseFloat(part)));
  return Math.round(((hours! * 60 + minutes!) * 60 + seconds!) * 1000 + milliseconds!);
}
