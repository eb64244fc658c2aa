import { GatewayError, type TargetRef } from './gateway-error.js';

/** Which clock ran out (`first-token`: headers arrived, then no content in time). */
export type TimeoutPhase = 'connect' | 'first-byte' | 'first-token' | 'idle' | 'total';

/** The provider took too long; raised by our own timers, so the origin is local. */
export class UpstreamTimeoutError extends GatewayError {
  readonly code = 'UPSTREAM_TIMEOUT';
  constructor(readonly phase: TimeoutPhase, readonly timeoutMs: number, target?: TargetRef) {
    super({
      message: `upstream ${phase} timeout after ${timeoutMs} ms`,
      statusCode: 504,
      isRetryable: true,
      origin: 'local',
      failureClass: 'timeout',
      target,
    });
  }
}
