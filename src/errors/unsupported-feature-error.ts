import { GatewayError } from './gateway-error.js';

/** The request uses a feature the chosen target cannot provide, and it cannot be dropped safely. */
export class UnsupportedFeatureError extends GatewayError {
  readonly code = 'UNSUPPORTED_FEATURE';
  constructor(message: string, readonly param?: string) {
    super({ message, statusCode: 400, isRetryable: false, origin: 'client', failureClass: 'invalid_request' });
  }
}
