import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchStatus } from './fetch-status.js';

let server: Server | undefined;

async function serve(status: number, body: string): Promise<string> {
  server = createServer((_request, response) => response.writeHead(status, { 'content-type': 'application/json' }).end(body));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('fetchStatus', () => {
  it('reads a snapshot', async () => {
    const url = await serve(200, JSON.stringify({ pageName: 'P', at: 1, overall: 'operational', components: [] }));
    const result = await fetchStatus(url);
    expect(result).toMatchObject({ ok: true, snapshot: { pageName: 'P', overall: 'operational' } });
  });

  it('says when something else answers at the URL', async () => {
    const url = await serve(404, '{"error":"nope"}');
    expect(await fetchStatus(url)).toEqual({ ok: false, message: `${url} answered HTTP 404 for /api/lifeline/status: is Lifeline running at that URL?` });
  });

  it('says when the answer is not a status snapshot', async () => {
    const url = await serve(200, '{"status":"ok"}');
    expect(await fetchStatus(url)).toEqual({ ok: false, message: `${url} answered /api/lifeline/status with an unexpected shape: is Lifeline running at that URL?` });
  });

  it('rejects a malformed URL without throwing', async () => {
    expect(await fetchStatus('not a url')).toEqual({ ok: false, message: 'not a URL: not a url' });
  });
});
