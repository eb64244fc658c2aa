import { GatewayError } from './gateway-error.js';

/** The client went away; nothing is recorded against the provider. */
export class ClientCancelledError extends GatewayError {
  readonly code = 'CLIENT_CANCELLED';
  constructor() {
    super({ message: 'client closed the request', statusCode: 499, isRetryable: false, origin: 'client', failureClass: 'client_cancelled' });
  }
}
