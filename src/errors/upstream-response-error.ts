import { GatewayError, type TargetRef } from './gateway-error.js';

/** The provider answered 2xx but the body or stream could not be understood. */
export class UpstreamResponseError extends GatewayError {
  readonly code = 'UPSTREAM_BAD_RESPONSE';
  constructor(message: string, options: { target?: TargetRef; cause?: unknown } = {}) {
    super({
      message,
      statusCode: 502,
      isRetryable: true,
      origin: 'upstream',
      failureClass: 'server',
      target: options.target,
      cause: options.cause,
    });
  }
}
