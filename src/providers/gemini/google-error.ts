import { UpstreamHttpError, type FailureClass, type TargetRef } from '../../errors/index.js';
import { redactSecrets } from '../../secrets/redact-secrets.js';
import { parseRetryAfterMs } from '../shared/retry-after.js';
import { googleErrorBodySchema, type GoogleErrorBody } from './gemini-api-schemas.js';

type GoogleError = GoogleErrorBody['error'];

/** What a Google API answered, as read off the wire. */
export interface GoogleErrorResponse {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  target?: TargetRef;
  /** Who answered, for the message when the body is not a Google error (`Gemini`, `Vertex AI`). */
  providerLabel: string;
}

const CONTEXT_MESSAGE = /input token count.*exceeds the maximum|exceeds the maximum number of tokens|context (length|window)|prompt is too long/i;
const BILLING_MESSAGE = /billing|free tier is not available|not available in your country|user location is not supported/i;

/** The Google error envelope inside `bodyText`, or undefined when the body is something else. */
export function parseGoogleError(bodyText: string): GoogleError | undefined {
  let json: unknown;
  try {
    json = JSON.parse(bodyText) as unknown;
  } catch {
    return undefined;
  }
  // Streams and some proxies wrap the envelope in a one-element array.
  const value = Array.isArray(json) ? json[0] : json;
  const parsed = googleErrorBodySchema.safeParse(value);
  return parsed.success ? parsed.data.error : undefined;
}

/**
 * The one factory for Google API failures (Gemini API, Vertex AI): a non-2xx answer →
 * UpstreamHttpError with the failure class its canonical `status` name (or HTTP status) implies.
 */
export function createGoogleError(response: GoogleErrorResponse): UpstreamHttpError {
  const error = parseGoogleError(response.bodyText);
  const failureClass = classifyGoogleError(response.status, error);
  const retryAfterMs = parseRetryAfterMs(response.headers) ?? retryDelayMs(error);
  return new UpstreamHttpError({
    status: response.status,
    failureClass,
    ...(error?.status ? { providerErrorType: error.status } : {}),
    ...(errorReason(error) ? { providerErrorCode: errorReason(error)! } : {}),
    providerMessage: error?.message ? redactSecrets(error.message) : `${response.providerLabel} answered HTTP ${response.status} with a body that is not a Google error`,
    ...(retryAfterMs !== undefined && failureClass === 'rate_limited' ? { retryAfterMs } : {}),
    ...(response.target ? { target: response.target } : {}),
  });
}

/** An `{"error": …}` payload inside a started stream → UpstreamHttpError (midStream). */
export function createGoogleStreamError(error: unknown, target?: TargetRef): UpstreamHttpError {
  const parsed = googleErrorBodySchema.safeParse({ error });
  const fields = parsed.success ? parsed.data.error : undefined;
  const status = fields?.code ?? statusForName(fields?.status) ?? 500;
  return new UpstreamHttpError({
    status,
    failureClass: classifyGoogleError(status, fields),
    ...(fields?.status ? { providerErrorType: fields.status } : {}),
    providerMessage: fields?.message ? redactSecrets(fields.message) : 'the stream reported an error',
    midStream: true,
    ...(target ? { target } : {}),
  });
}

/** The failure class of a Google error, from its canonical code name first, then the HTTP status. */
export function classifyGoogleError(status: number, error: GoogleError | undefined): FailureClass {
  const message = error?.message ?? '';
  const reason = errorReason(error);
  if (reason === 'API_KEY_INVALID' || reason === 'API_KEY_SERVICE_BLOCKED' || reason === 'ACCESS_TOKEN_EXPIRED' || reason === 'CREDENTIALS_MISSING') return 'auth';
  switch (error?.status ?? nameForStatus(status)) {
    case 'INVALID_ARGUMENT':
      return CONTEXT_MESSAGE.test(message) ? 'context_too_long' : 'invalid_request';
    case 'FAILED_PRECONDITION':
      return BILLING_MESSAGE.test(message) ? 'quota' : 'invalid_request';
    case 'OUT_OF_RANGE':
      return 'invalid_request';
    case 'UNAUTHENTICATED':
    case 'PERMISSION_DENIED':
      return 'auth';
    case 'NOT_FOUND':
      return 'not_found';
    case 'RESOURCE_EXHAUSTED':
      return isDailyQuota(error) ? 'quota' : 'rate_limited';
    case 'UNAVAILABLE':
      return 'overloaded';
    case 'DEADLINE_EXCEEDED':
      return 'timeout';
    case 'ABORTED':
    case 'CANCELLED':
    case 'INTERNAL':
    case 'UNKNOWN':
    case 'DATA_LOSS':
      return 'server';
    default:
      return status >= 500 ? 'server' : status === 408 ? 'timeout' : 'invalid_request';
  }
}

/** `google.rpc.ErrorInfo.reason` (`API_KEY_INVALID`, ...), when the error carries one. */
function errorReason(error: GoogleError | undefined): string | undefined {
  for (const detail of error?.details ?? []) {
    const reason = (detail as { reason?: unknown }).reason;
    if (typeof reason === 'string' && String(detail['@type']).endsWith('google.rpc.ErrorInfo')) return reason;
  }
  return undefined;
}

/** A per-day quota (`QuotaFailure` violation whose quota id says PerDay): waiting minutes does not help. */
function isDailyQuota(error: GoogleError | undefined): boolean {
  for (const detail of error?.details ?? []) {
    const violations = (detail as { violations?: unknown }).violations;
    if (!Array.isArray(violations)) continue;
    for (const violation of violations) {
      const quotaId = (violation as { quotaId?: unknown }).quotaId;
      if (typeof quotaId === 'string' && /PerDay/i.test(quotaId)) return true;
    }
  }
  return false;
}

/** `google.rpc.RetryInfo.retryDelay` (`"13s"`, `"0.5s"`) in ms. */
function retryDelayMs(error: GoogleError | undefined): number | undefined {
  for (const detail of error?.details ?? []) {
    const delay = (detail as { retryDelay?: unknown }).retryDelay;
    if (typeof delay === 'string' && /^\d+(\.\d+)?s$/.test(delay)) return Math.round(Number.parseFloat(delay) * 1000);
  }
  return undefined;
}

const STATUS_NAMES: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

function nameForStatus(status: number): string | undefined {
  return STATUS_NAMES[status];
}

function statusForName(name: string | null | undefined): number | undefined {
  if (!name) return undefined;
  const found = Object.entries(STATUS_NAMES).find(([, candidate]) => candidate === name);
  return found ? Number(found[0]) : undefined;
}
