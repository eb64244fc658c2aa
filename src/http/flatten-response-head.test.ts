import { createServer, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { flattenResponseHead } from './flatten-response-head.js';

describe('flattenResponseHead', () => {
  it('leaves the head and what the client receives unchanged', async () => {
    let headBefore: unknown;
    let headAfter: unknown;
    const server = createServer((_req, response: ServerResponse) => {
      response.writeHead(200, ['x-one', '1', 'x-two', 'two', 'content-type', 'text/event-stream']);
      headBefore = (response as unknown as { _header?: unknown })._header;
      flattenResponseHead(response);
      headAfter = (response as unknown as { _header?: unknown })._header;
      response.end('data: ok\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const received = await new Promise<{ headers: Record<string, unknown>; body: string }>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/' }, (response) => {
          let body = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve({ headers: response.headers, body }));
        }).on('error', reject).end();
      });
      expect(typeof headBefore).toBe('string');
      expect(headAfter).toBe(headBefore);
      expect(received.headers['x-two']).toBe('two');
      expect(received.body).toBe('data: ok\n\n');
    } finally {
      server.close();
    }
  });

  it('does nothing to a response whose head is not built yet', () => {
    expect(() => flattenResponseHead({} as ServerResponse)).not.toThrow();
  });
});
