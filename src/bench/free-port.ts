import { createServer } from 'node:net';

/**
 * A loopback port that nothing listens on: the OS picks a free one, we close it straight away.
 * Connecting to it is refused at once, which is how a hard-down provider looks from Lifeline.
 */
export function closedLoopbackPort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}
