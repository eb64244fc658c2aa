import pino, { type Logger } from 'pino';
import { REDACTED, redactSecrets } from '../secrets/redact-secrets.js';
import { LineBuffer } from './line-buffer.js';

/**
 * JSON logs on stdout. Writes are buffered (flushed at 8 KiB, at least every second, and at
 * exit, by line-buffer.ts): a write per request line cost more CPU than the rest of a passthrough request, and each
 * buffered write is a hand-off to libuv's thread pool, so fewer and larger is cheaper.
 * Every finished line goes through the one redactor (configured secrets by value, key shapes),
 * whatever field or error stack holds them: 0.8 µs of CPU per request line (3.5 → 4.3 µs with
 * a sync /dev/null destination). The pino paths below also censor whole fields that could hold
 * a secret if a careless log call passed one; exact paths only, since wildcard redaction runs a
 * slow path on every line.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const stream = destination ?? createBufferedStdout();
  return pino(
    {
      level,
      base: { service: 'lifeline' },
      hooks: { streamWrite: redactSecrets },
      redact: {
        paths: ['headers.authorization', 'headers["x-api-key"]', 'credential', 'secret', 'apiKey', 'keys'],
        censor: REDACTED,
      },
    },
    stream,
  );
}

/** Longest a log line waits in the buffer: someone tailing the log of a quiet gateway still sees it. */
const FLUSH_INTERVAL_MS = 1_000;

function createBufferedStdout(): pino.DestinationStream {
  // Lines are gathered by LineBuffer (sonic-boom's own minLength buffering costs more than the
  // line itself, see line-buffer.ts); sonic-boom writes each batch of about 8 KiB asynchronously.
  const stream = pino.destination({ dest: 1, sync: false });
  const lines = new LineBuffer(stream, { minChars: 8 * 1024, flushIntervalMs: FLUSH_INTERVAL_MS });
  // Whatever is still buffered must reach stdout when the process ends.
  process.once('exit', () => {
    try {
      lines.close();
      stream.flushSync();
    } catch {
      // Nothing to flush, or stdout is gone.
    }
  });
  return lines;
}
