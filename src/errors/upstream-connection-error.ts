import { GatewayError, type TargetRef } from './gateway-error.js';

/** The connection to the provider failed (refused, reset, DNS, TLS). */
export class UpstreamConnectionError extends GatewayError {
  readonly code = 'UPSTREAM_CONNECTION';
  /** The system error code (`ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`, ...). */
  readonly errno: string | undefined;
  constructor(message: string, options: { errno?: string; target?: TargetRef; cause?: unknown } = {}) {
    super({
      message,
      statusCode: 502,
      isRetryable: true,
      origin: 'local',
      failureClass: 'network',
      target: options.target,
      cause: options.cause,
    });
    this.errno = options.errno;
  }
}
