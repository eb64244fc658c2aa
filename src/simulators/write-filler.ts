import type { ServerResponse } from 'node:http';

/** 64 KiB of filler that is safe inside a JSON string. */
const FILLER = Buffer.alloc(64 * 1024, 'a');

/** Writes `chunk`, waiting for the socket to drain when it is full; false once the client is gone. */
export function writeDrained(response: ServerResponse, chunk: string | Buffer): Promise<boolean> {
  if (response.destroyed) return Promise.resolve(false);
  if (response.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (open: boolean) => {
      response.off('drain', onDrain);
      response.off('close', onClose);
      resolve(open);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    response.once('drain', onDrain);
    response.once('close', onClose);
  });
}

/**
 * Writes `prefix`, `bytes` bytes of filler and `suffix` (not ending the response), in 64 KiB writes
 * that wait for the socket, so a simulated provider can send a body of any size without holding
 * it. Resolves false as soon as the client goes away.
 */
export async function writeFiller(response: ServerResponse, prefix: string, bytes: number, suffix: string): Promise<boolean> {
  if (!(await writeDrained(response, prefix))) return false;
  for (let left = bytes; left > 0; left -= FILLER.length) {
    if (!(await writeDrained(response, left >= FILLER.length ? FILLER : FILLER.subarray(0, left)))) return false;
  }
  return writeDrained(response, suffix);
}

/** Total bytes {@link writeFiller} sends. */
export function fillerLength(prefix: string, bytes: number, suffix: string): number {
  return Buffer.byteLength(prefix) + bytes + Buffer.byteLength(suffix);
}
