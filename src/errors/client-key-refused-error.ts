import { GatewayError } from './gateway-error.js';

/** Why a request's client key did not let it through. */
export type ClientKeyRefusal = 'missing' | 'invalid' | 'route_not_allowed' | 'rate_limited' | 'token_budget_spent';

const FACTS: Record<ClientKeyRefusal, { code: string; statusCode: number; isRetryable: boolean; failureClass: 'auth' | 'rate_limited' }> = {
  // failureClass picks the envelope words both protocols use: authentication_error / invalid_api_key,
  // permission_error, rate_limit_error / rate_limit_exceeded.
  missing: { code: 'CLIENT_KEY_MISSING', statusCode: 401, isRetryable: false, failureClass: 'auth' },
  invalid: { code: 'CLIENT_KEY_INVALID', statusCode: 401, isRetryable: false, failureClass: 'auth' },
  route_not_allowed: { code: 'CLIENT_KEY_ROUTE_NOT_ALLOWED', statusCode: 403, isRetryable: false, failureClass: 'auth' },
  rate_limited: { code: 'CLIENT_KEY_RATE_LIMITED', statusCode: 429, isRetryable: true, failureClass: 'rate_limited' },
  // Waiting until the next UTC day is no retry a client should sit out.
  token_budget_spent: { code: 'CLIENT_KEY_TOKEN_BUDGET_SPENT', statusCode: 429, isRetryable: false, failureClass: 'rate_limited' },
};

/**
 * The request's Lifeline client key is missing, unknown, revoked or expired (401), may not use
 * the route (403), or is over its rate or token budget (429 with `retry-after`). Raised at the
 * door, before any provider is involved; the message names the key only by name and prefix.
 */
export class ClientKeyRefusedError extends GatewayError {
  readonly code: string;
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly refusal: ClientKeyRefusal,
    message: string,
    options: { retryAfterMs?: number } = {},
  ) {
    const facts = FACTS[refusal];
    super({ message, statusCode: facts.statusCode, isRetryable: facts.isRetryable, origin: 'client', failureClass: facts.failureClass });
    this.code = facts.code;
    this.retryAfterMs = options.retryAfterMs;
  }
}
