import type { ServerResponse } from 'node:http';

/**
 * Writes SSE text, waiting for the socket to drain when the client reads slowly, so a slow client
 * never makes Lifeline buffer a whole answer. Resolves false when the client has gone. Callers
 * write a whole batch of events at once: one system call per upstream read, not one per event.
 */
export function writeWithBackpressure(response: ServerResponse, text: string): Promise<boolean> | boolean {
  if (response.destroyed || response.writableEnded) return false;
  if (text === '') return true;
  if (response.write(text)) return true;
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      response.off('drain', onDrain);
      response.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    response.on('drain', onDrain);
    response.on('close', onClose);
  });
}
