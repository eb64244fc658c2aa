import { GatewayError } from './gateway-error.js';

/** Why the front door refused a request before any provider was involved. */
export type RefusalReason =
  | 'unsupported_media_type'
  | 'origin_not_allowed'
  | 'misdirected_request'
  | 'request_timeout'
  | 'headers_too_large'
  | 'too_many_connections'
  | 'too_many_event_clients';

interface RefusalFacts {
  code: string;
  statusCode: number;
  /** A client retry can succeed (the SDKs retry 408 and 503 unless told not to). */
  isRetryable: boolean;
  /** The connection cannot carry another request: the rest of the body never came, or the cap is reached. */
  closesConnection: boolean;
}

const REFUSALS: Record<RefusalReason, RefusalFacts> = {
  unsupported_media_type: { code: 'UNSUPPORTED_MEDIA_TYPE', statusCode: 415, isRetryable: false, closesConnection: false },
  origin_not_allowed: { code: 'ORIGIN_NOT_ALLOWED', statusCode: 403, isRetryable: false, closesConnection: false },
  misdirected_request: { code: 'MISDIRECTED_REQUEST', statusCode: 421, isRetryable: false, closesConnection: true },
  request_timeout: { code: 'REQUEST_TIMEOUT', statusCode: 408, isRetryable: true, closesConnection: true },
  headers_too_large: { code: 'HEADERS_TOO_LARGE', statusCode: 431, isRetryable: false, closesConnection: true },
  too_many_connections: { code: 'TOO_MANY_CONNECTIONS', statusCode: 503, isRetryable: true, closesConnection: true },
  too_many_event_clients: { code: 'TOO_MANY_EVENT_CLIENTS', statusCode: 503, isRetryable: true, closesConnection: false },
};

/**
 * The front door refused the request (wrong content type, foreign Origin, unknown Host, too slow,
 * too many connections). The client's doing or Lifeline's own limits: never counted against a
 * provider, and `reason` is also the OpenAI envelope's `code`.
 */
export class RequestRefusedError extends GatewayError {
  readonly code: string;
  readonly closesConnection: boolean;
  /** How long a client should wait before retrying (sent as `retry-after`), for refusals a retry can fix. */
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly reason: RefusalReason,
    message: string,
    options: { retryAfterMs?: number } = {},
  ) {
    const facts = REFUSALS[reason];
    super({
      message,
      statusCode: facts.statusCode,
      isRetryable: facts.isRetryable,
      origin: facts.statusCode >= 500 ? 'local' : 'client',
      ...(facts.statusCode < 500 ? { failureClass: 'invalid_request' as const } : {}),
    });
    this.code = facts.code;
    this.closesConnection = facts.closesConnection;
    this.retryAfterMs = options.retryAfterMs;
  }
}
