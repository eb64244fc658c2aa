import type { FailureClass, FailureOrigin } from './failure-class.js';

/** The target an attempt went to, safe to show (no secrets). */
export interface TargetRef {
  /** Provider name from the configuration, e.g. `anthropic`. */
  provider: string;
  /** Model sent upstream. */
  model: string;
  /** Key label (`key-2 …f00d`); never the key. */
  key?: string;
}

export interface GatewayErrorOptions {
  message: string;
  statusCode: number;
  isRetryable: boolean;
  origin: FailureOrigin;
  failureClass?: FailureClass;
  target?: TargetRef;
  cause?: unknown;
}

/**
 * Base of every error Lifeline raises on purpose. Match on `code`, never on `message`.
 * `statusCode` is what the client gets; protocols render it in their own envelope.
 */
export abstract class GatewayError extends Error {
  abstract readonly code: string;
  readonly statusCode: number;
  readonly isRetryable: boolean;
  readonly origin: FailureOrigin;
  readonly failureClass: FailureClass | undefined;
  readonly target: TargetRef | undefined;

  constructor(options: GatewayErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.statusCode = options.statusCode;
    this.isRetryable = options.isRetryable;
    this.origin = options.origin;
    this.failureClass = options.failureClass;
    this.target = options.target;
  }
}
