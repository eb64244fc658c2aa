import { GatewayError } from './gateway-error.js';

/** The request body is over the configured limit. */
export class RequestTooLargeError extends GatewayError {
  readonly code = 'REQUEST_TOO_LARGE';
  constructor(readonly limitBytes: number) {
    super({
      message: `Request body is larger than the limit of ${limitBytes} bytes (server.max_body_bytes).`,
      statusCode: 413,
      isRetryable: false,
      origin: 'client',
      failureClass: 'invalid_request',
    });
  }
}
