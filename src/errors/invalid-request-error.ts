import { GatewayError } from './gateway-error.js';

/** The client's request is malformed or asks for something no target can do. */
export class InvalidRequestError extends GatewayError {
  readonly code = 'INVALID_REQUEST';
  /** The offending field, dotted (`messages.0.content`), when known. */
  readonly param: string | undefined;

  constructor(message: string, options: { param?: string; statusCode?: number; cause?: unknown } = {}) {
    super({
      message,
      statusCode: options.statusCode ?? 400,
      isRetryable: false,
      origin: 'client',
      failureClass: 'invalid_request',
      cause: options.cause,
    });
    this.param = options.param;
  }
}
