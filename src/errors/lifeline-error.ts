import { GatewayError } from './gateway-error.js';

/** What went wrong on Lifeline's side: a fault in its own code, or its own machine out of a resource. */
export type LifelineFailureKind = 'bug' | 'resource_exhausted';

/**
 * A failure of Lifeline itself, never of the provider: an exception from Lifeline's own code that
 * is not a classified upstream error (a bug, a stack overflow, a serialisation failure), or local
 * resource exhaustion (`EMFILE`, `ENOMEM`). Class `internal`: answered 500 in the caller's shape,
 * no retry, no failover, and nothing recorded against a target, a key or a provider's health.
 * The client's message says nothing of the cause (it may quote request text); the cause, with its
 * stack, goes to the log.
 */
export class LifelineError extends GatewayError {
  readonly code = 'LIFELINE_INTERNAL';
  readonly kind: LifelineFailureKind;
  /** The system error code of a resource exhaustion (`EMFILE`, `ENOMEM`, ...). */
  readonly errno: string | undefined;

  constructor(kind: LifelineFailureKind, options: { errno?: string; cause?: unknown } = {}) {
    super({
      message:
        kind === 'resource_exhausted'
          ? `Lifeline ran out of a local resource (${options.errno ?? 'unknown'}) before it could reach the provider; see its log.`
          : 'Lifeline hit an internal error; see its log for details.',
      statusCode: 500,
      // Exhaustion passes; a fault may depend on timing. Either way the provider is not at fault.
      isRetryable: true,
      origin: 'local',
      failureClass: 'internal',
      cause: options.cause,
    });
    this.kind = kind;
    this.errno = options.errno;
  }

  /** Wraps anything thrown that is not a GatewayError: by definition Lifeline's own failure. */
  static from(thrown: unknown): GatewayError {
    return thrown instanceof GatewayError ? thrown : new LifelineError('bug', { cause: thrown });
  }
}
