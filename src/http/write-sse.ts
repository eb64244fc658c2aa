import type { ServerResponse } from 'node:http';

/**
 * Writes SSE text, waiting for the socket to drain when the client reads slowly, so a slow client
 * never makes Lifeline buffer a whole answer. Resolves false when the client has gone.
 */
export async function writeWithBackpressure(response: ServerResponse, text: string): Promise<boolean> {
  if (text === '' ) return !response.destroyed;
  if (response.destroyed || response.writableEnded) return false;
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
