import { GatewayError } from './gateway-error.js';

/** The configuration is invalid; `issues` point at exact keys. */
export class ConfigError extends GatewayError {
  readonly code = 'CONFIG_INVALID';
  constructor(message: string, readonly issues: string[] = []) {
    super({ message: issues.length > 0 ? `${message}\n  - ${issues.join('\n  - ')}` : message, statusCode: 500, isRetryable: false, origin: 'local' });
  }
}
