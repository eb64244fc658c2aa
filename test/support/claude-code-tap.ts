import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';

/** One request as the client sent it, before Lifeline saw it. */
export interface TappedRequest {
  method: string;
  /** Path with query string. */
  url: string;
  headers: IncomingHttpHeaders;
  /** Raw body text. */
  body: string;
}

/** A recording reverse proxy in front of Lifeline. */
export interface RequestTap {
  /** Base URL to give the client instead of Lifeline's. */
  url: string;
  requests(): TappedRequest[];
  close(): Promise<void>;
}

/**
 * Starts a reverse proxy on 127.0.0.1 that records each request (headers and raw body) and relays it
 * unchanged to `targetUrl`, streaming the answer back. Lets a test compare what the client sent with
 * what the provider received.
 */
export async function startRequestTap(targetUrl: string): Promise<RequestTap> {
  const target = new URL(targetUrl);
  const recorded: TappedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      recorded.push({ method: incoming.method ?? 'GET', url: incoming.url ?? '/', headers: incoming.headers, body: body.toString('utf8') });
      const relay = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, host: target.host },
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      relay.on('error', () => outgoing.destroy());
      relay.end(body);
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('request tap did not bind a TCP port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests: () => recorded.slice(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
