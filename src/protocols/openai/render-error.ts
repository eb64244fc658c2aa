import {
  InvalidRequestError,
  ModelNotFoundError,
  RequestRefusedError,
  UnsupportedFeatureError,
  UpstreamHttpError,
  type GatewayError,
} from '../../errors/index.js';
import { redactSecrets } from '../../secrets/redact-secrets.js';
import type { RenderedError } from '../inbound-protocol.js';

/** Error `type` values OpenAI itself sends; an upstream error with one of them is shown as sent. */
const OPENAI_ERROR_TYPES = new Set(['invalid_request_error', 'server_error', 'insufficient_quota', 'tokens', 'requests', 'rate_limit_error', 'service_unavailable_error']);

/** The `error` object of an OpenAI error body. */
export interface OpenAIErrorObject {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/**
 * GatewayError → OpenAI error envelope `{"error":{message,type,param,code}}` with its status and a
 * `retry-after` header (whole seconds, rounded up) when the error says how long to wait.
 */
export function renderOpenAIError(error: GatewayError): RenderedError {
  // Anthropic's 529 "overloaded" is not an OpenAI status; OpenAI says 503 for the same thing.
  const status = error.statusCode === 529 ? 503 : error.statusCode;
  const headers: Record<string, string> = {};
  const retryAfterMs = 'retryAfterMs' in error ? (error as { retryAfterMs?: unknown }).retryAfterMs : undefined;
  if (typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) {
    headers['retry-after'] = String(Math.ceil(retryAfterMs / 1000));
  }
  return { status, body: { error: openAIErrorObject(error, status) }, headers };
}

/** The `error` object alone (stream renderers write it as a `data:` frame). */
export function openAIErrorObject(error: GatewayError, status = error.statusCode): OpenAIErrorObject {
  const derived = deriveTypeAndCode(error, status);
  let type = derived.type;
  let code = derived.code;
  if (error instanceof UpstreamHttpError) {
    // Anthropic errors never carry a code; a code or a known type means OpenAI (or a compatible server) sent it.
    if (error.providerErrorType && OPENAI_ERROR_TYPES.has(error.providerErrorType)) type = error.providerErrorType;
    if (error.providerErrorCode) code = error.providerErrorCode;
  }
  return { message: redactSecrets(error.message), type, param: paramOf(error), code };
}

function paramOf(error: GatewayError): string | null {
  if (error instanceof InvalidRequestError || error instanceof UnsupportedFeatureError) return error.param ?? null;
  if (error instanceof UpstreamHttpError && error.providerParam !== undefined) return error.providerParam;
  if (error.failureClass === 'context_too_long') return 'messages';
  return null;
}

function deriveTypeAndCode(error: GatewayError, status: number): { type: string; code: string | null } {
  if (error instanceof ModelNotFoundError) return { type: 'invalid_request_error', code: 'model_not_found' };
  if (error instanceof RequestRefusedError) return { type: status >= 500 ? 'server_error' : 'invalid_request_error', code: error.reason };
  switch (error.failureClass) {
    case 'context_too_long':
      return { type: 'invalid_request_error', code: 'context_length_exceeded' };
    case 'quota':
      return { type: 'insufficient_quota', code: 'insufficient_quota' };
    case 'rate_limited':
      return { type: 'rate_limit_error', code: 'rate_limit_exceeded' };
    case 'auth':
      if (status === 403) return { type: 'permission_error', code: null };
      return { type: 'authentication_error', code: 'invalid_api_key' };
    case 'not_found':
      return { type: 'invalid_request_error', code: status === 404 && error.code !== 'NOT_FOUND' ? 'model_not_found' : null };
    case 'timeout':
      return { type: 'server_error', code: 'timeout' };
    default:
      break;
  }
  if (status === 401) return { type: 'authentication_error', code: 'invalid_api_key' };
  if (status === 429) return { type: 'rate_limit_error', code: 'rate_limit_exceeded' };
  if (status === 413) return { type: 'invalid_request_error', code: 'request_too_large' };
  if (status >= 500) return { type: 'server_error', code: null };
  return { type: 'invalid_request_error', code: null };
}
