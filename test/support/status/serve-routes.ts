import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppServices, ExtraRoute, RequestContext } from '../../../src/http/request-context.js';

/** A running loopback server for route tests. */
export interface RouteServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves `routes` the way Lifeline's router does for extra routes (exact path after trimming one
 * trailing slash; HEAD falls back to GET), without the rest of the app: tests of status/ need no
 * providers. Handlers here must not touch `context.app`.
 */
export async function serveRoutes(routes: readonly ExtraRoute[]): Promise<RouteServer> {
  let requestCount = 0;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const pathname = url.pathname.length > 1 && url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const route = routes.find((candidate) => candidate.method === method && candidate.matches(pathname));
    if (route === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    requestCount += 1;
    const context: RequestContext = {
      request,
      response,
      pathname,
      query: url.search.replace(/^\?/, ''),
      requestId: `test-${requestCount}`,
      app: undefined as unknown as AppServices,
      log: {},
    };
    route.handler(context).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
