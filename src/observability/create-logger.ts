import pino, { type Logger } from 'pino';

/**
 * JSON logs on stdout. Anything that could hold a secret is redacted at the logger, so a careless
 * log call cannot leak a key.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'lifeline' },
      redact: {
        paths: ['*.headers.authorization', '*.headers["x-api-key"]', '*.secret', '*.keys', '*.apiKey', 'credential', '*.credential'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
