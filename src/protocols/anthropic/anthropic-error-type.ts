import { GatewayError, UpstreamHttpError } from '../../errors/index.js';

/** The `error.type` values the Anthropic API uses. */
const ANTHROPIC_ERROR_TYPES: ReadonlySet<string> = new Set([
  'invalid_request_error', 'authentication_error', 'billing_error', 'permission_error', 'not_found_error',
  'conflict_error', 'request_too_large', 'rate_limit_error', 'api_error', 'timeout_error', 'overloaded_error',
]);

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  409: 'conflict_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  502: 'api_error',
  // The SDK picks its class by status; overloaded is the closest Anthropic word for "unavailable".
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/**
 * The Anthropic `error.type` for an error: the provider's own type when an Anthropic upstream
 * sent one, else by status (other 4xx → invalid_request_error, other 5xx → api_error).
 */
export function anthropicErrorType(error: GatewayError): string {
  if (error instanceof UpstreamHttpError && error.providerErrorType && ANTHROPIC_ERROR_TYPES.has(error.providerErrorType)) {
    return error.providerErrorType;
  }
  const byStatus = TYPE_BY_STATUS[error.statusCode];
  if (byStatus) return byStatus;
  return error.statusCode >= 500 ? 'api_error' : 'invalid_request_error';
}
