import { GatewayError, type TargetRef } from './gateway-error.js';

/** Which clock ran out: `first-token` (headers arrived, then no content in time), `stream` (a started stream's own maximum duration). */
export type TimeoutPhase = 'connect' | 'first-byte' | 'first-token' | 'idle' | 'total' | 'stream';

/** The provider took too long; raised by our own timers, so the origin is local. */
export class UpstreamTimeoutError extends GatewayError {
  readonly code = 'UPSTREAM_TIMEOUT';
  constructor(readonly phase: TimeoutPhase, readonly timeoutMs: number, target?: TargetRef) {
    super({
      message:
        phase === 'stream'
          ? `upstream stream still running after ${timeoutMs} ms, its maximum duration (resilience.timeouts.stream_max_ms); it was cut`
          : `upstream ${phase} timeout after ${timeoutMs} ms`,
      statusCode: 504,
      isRetryable: true,
      origin: 'local',
      failureClass: 'timeout',
      target,
    });
  }
}
