import { createServer, type Socket } from 'node:net';

/** A local proxy that accepts no traffic and records who tried. */
export interface NetworkTrap {
  /** `http://127.0.0.1:<port>`, to put in HTTP(S)_PROXY. */
  url: string;
  /** First line of every request received (e.g. `CONNECT api.anthropic.com:443 HTTP/1.1`), '' when none came. */
  attempts(): string[];
  close(): Promise<void>;
}

/**
 * Starts a fake HTTP(S) proxy on 127.0.0.1. Given to the CLI as HTTP_PROXY/HTTPS_PROXY (with
 * NO_PROXY for loopback), any request to a host other than Lifeline lands here instead of the
 * internet: it is recorded and the connection is closed, so a test can assert there were none.
 */
export async function startNetworkTrap(): Promise<NetworkTrap> {
  const attempts: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let head = '';
    const finish = (): void => {
      attempts.push(head.split('\r\n')[0] ?? '');
      socket.destroy();
    };
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      head += chunk;
      if (head.includes('\r\n') || head.length > 4096) finish();
    });
    // A client that connects and sends nothing counts too.
    socket.setTimeout(2_000, finish);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('network trap did not bind a TCP port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    attempts: () => attempts.slice(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Environment variables that route every non-loopback request of the CLI to `trap`. */
export function proxyEnvironment(trap: NetworkTrap): Record<string, string> {
  return {
    HTTP_PROXY: trap.url,
    HTTPS_PROXY: trap.url,
    http_proxy: trap.url,
    https_proxy: trap.url,
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
  };
}
