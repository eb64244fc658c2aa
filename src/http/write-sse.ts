import type { ServerResponse } from 'node:http';

/**
 * Writes SSE text, waiting for the socket to drain when the client reads slowly, so a slow client
 * never makes Lifeline buffer a whole answer. Resolves false when the client has gone.
 *
 * Writes made in the same tick are corked into one: the events one upstream read produces leave
 * in a single system call instead of one per event.
 */
export function writeWithBackpressure(response: ServerResponse, text: string): Promise<boolean> | boolean {
  if (response.destroyed || response.writableEnded) return false;
  if (text === '') return true;
  if (!response.writableCorked) {
    response.cork();
    process.nextTick(uncork, response);
  }
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

function uncork(response: ServerResponse): void {
  if (response.writableCorked) response.uncork();
}
