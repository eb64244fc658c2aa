import { GatewayError } from './gateway-error.js';

/**
 * The store could not be reached (connection refused or lost, pool exhausted, server shutting
 * down). Unlike a constraint or a missing row, trying the same write again later can succeed:
 * `retrying-store.ts` retries exactly these.
 */
export class StoreUnavailableError extends GatewayError {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(message: string, cause?: unknown) {
    super({ message, statusCode: 503, isRetryable: true, origin: 'local', cause });
  }
}
