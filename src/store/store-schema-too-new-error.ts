import { GatewayError } from '../errors/index.js';

/**
 * The database was written by a newer Lifeline (its schema has migrations this build does not
 * know). Refusing to open it protects the data: older code could misread or damage newer tables.
 */
export class StoreSchemaTooNewError extends GatewayError {
  readonly code = 'STORE_SCHEMA_TOO_NEW';
  constructor(
    readonly location: string,
    readonly databaseVersion: number,
    readonly supportedVersion: number,
  ) {
    super({
      message:
        `The store at ${location} has schema version ${databaseVersion}, but this Lifeline only knows versions up to ` +
        `${supportedVersion}. It was written by a newer Lifeline: upgrade Lifeline, or point the store at another file.`,
      statusCode: 500,
      isRetryable: false,
      origin: 'local',
    });
  }
}
