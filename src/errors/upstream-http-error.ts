import { FAILURE_CLASS_TABLE, type FailureClass } from './failure-class.js';
import { GatewayError, type TargetRef } from './gateway-error.js';

export interface UpstreamHttpErrorOptions {
  /** HTTP status the provider answered with (or the in-stream equivalent: 529 for overloaded). */
  status: number;
  failureClass: FailureClass;
  /** The provider's error type (`overloaded_error`, `insufficient_quota`, ...). */
  providerErrorType?: string;
  /** The provider's error code (`context_length_exceeded`, `enforced_spend_limit_reached`, ...). */
  providerErrorCode?: string;
  /** The provider's message, already free of secrets. */
  providerMessage: string;
  /** From retry-after-ms / retry-after / rate-limit reset headers. */
  retryAfterMs?: number;
  /** True when the error arrived inside a stream that had started. */
  midStream?: boolean;
  target?: TargetRef;
}

/** The provider answered with an error status, or sent an error event inside a stream. */
export class UpstreamHttpError extends GatewayError {
  readonly code = 'UPSTREAM_HTTP_ERROR';
  readonly status: number;
  readonly providerErrorType: string | undefined;
  readonly providerErrorCode: string | undefined;
  readonly providerMessage: string;
  readonly retryAfterMs: number | undefined;
  readonly midStream: boolean;

  constructor(options: UpstreamHttpErrorOptions) {
    super({
      message: options.providerMessage,
      statusCode: options.status,
      isRetryable: FAILURE_CLASS_TABLE[options.failureClass].retryable,
      origin: 'upstream',
      failureClass: options.failureClass,
      target: options.target,
    });
    this.status = options.status;
    this.providerErrorType = options.providerErrorType;
    this.providerErrorCode = options.providerErrorCode;
    this.providerMessage = options.providerMessage;
    this.retryAfterMs = options.retryAfterMs;
    this.midStream = options.midStream ?? false;
  }
}
