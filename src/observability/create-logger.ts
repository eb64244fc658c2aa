import pino, { type Logger } from 'pino';

/**
 * JSON logs on stdout. Writes are buffered (flushed every 4 KiB and at exit) because a
 * synchronous write per request line cost more CPU than the rest of a passthrough request.
 * Redaction covers the fields that could hold a secret if a careless log call passed one; exact
 * paths only, since wildcard redaction runs a slow path on every line.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const stream = destination ?? createBufferedStdout();
  return pino(
    {
      level,
      base: { service: 'lifeline' },
      redact: {
        paths: ['headers.authorization', 'headers["x-api-key"]', 'credential', 'secret', 'apiKey', 'keys'],
        censor: '[redacted]',
      },
    },
    stream,
  );
}

function createBufferedStdout(): pino.DestinationStream {
  const stream = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  // Whatever is still buffered must reach stdout when the process ends.
  process.once('exit', () => {
    try {
      stream.flushSync();
    } catch {
      // Nothing to flush, or stdout is gone.
    }
  });
  return stream;
}
