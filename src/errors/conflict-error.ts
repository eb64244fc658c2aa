import { GatewayError } from './gateway-error.js';

/** The thing to create already exists (a client key name in use). */
export class ConflictError extends GatewayError {
  readonly code = 'CONFLICT';
  constructor(message: string) {
    super({ message, statusCode: 409, isRetryable: false, origin: 'client' });
  }
}
