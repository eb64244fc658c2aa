import { GatewayError, type TargetRef } from './gateway-error.js';

/** Why a broken stream could not be continued honestly. */
export type ContinuationFailure =
  /** The continuing model answered something else than a continuation of the text sent (seam-reconciler.ts). */
  | 'diverged'
  /** More text had been sent than Lifeline keeps for a continuation (`resilience.continuation.max_text_chars`). */
  | 'too_long'
  /** Whole tool calls had been sent and the next was cut: another model would redo the turn and repeat them. */
  | 'after_tool_calls';

/**
 * A stream broke after output reached the client and no continuation could be joined to it
 * without splicing two answers or losing text: the stream ends with this error instead.
 */
export class ContinuationFailedError extends GatewayError {
  readonly code = 'CONTINUATION_FAILED';
  constructor(
    readonly reason: ContinuationFailure,
    message: string,
    options: { target?: TargetRef; cause?: unknown } = {},
  ) {
    super({ message, statusCode: 502, isRetryable: true, origin: 'upstream', target: options.target, cause: options.cause });
  }
}
