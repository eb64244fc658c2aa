import { GatewayError } from './gateway-error.js';

/** The path or method does not exist on Lifeline. */
export class NotFoundError extends GatewayError {
  readonly code = 'NOT_FOUND';
  constructor(message: string, statusCode = 404) {
    super({ message, statusCode, isRetryable: false, origin: 'client' });
  }
}
