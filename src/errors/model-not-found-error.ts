import { GatewayError } from './gateway-error.js';

/** No route accepts the model name the client asked for. */
export class ModelNotFoundError extends GatewayError {
  readonly code = 'MODEL_NOT_FOUND';
  constructor(readonly model: string, knownPatterns: string[]) {
    super({
      message:
        `model: no route matches "${model}". ` +
        (knownPatterns.length > 0 ? `Routes accept: ${knownPatterns.join(', ')}.` : 'No routes are configured.'),
      statusCode: 404,
      isRetryable: false,
      origin: 'client',
      failureClass: 'not_found',
    });
  }
}
