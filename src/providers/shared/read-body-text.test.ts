import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamResponseError } from '../../errors/index.js';
import { readBodyText, readErrorBodyText } from './read-body-text.js';
import { createUpstreamClient } from './upstream-client.js';

const target = { provider: 'upstream', model: 'm' };
const KB = 1024;

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A server whose every answer is 64 KiB chunks of filler, `totalBytes` in all (Infinity: until the client leaves). */
async function fillerServer(options: { status?: number; totalBytes: number; declareLength?: boolean }) {
  const seen = { sentBytes: 0, closedEarly: false };
  server = createServer((request, response) => {
    request.resume();
    response.writeHead(options.status ?? 200, options.declareLength ? { 'content-length': String(options.totalBytes) } : {});
    const chunk = Buffer.alloc(64 * KB, 'a');
    response.on('close', () => (seen.closedEarly = !response.writableFinished));
    const pump = () => {
      while (seen.sentBytes < options.totalBytes && !response.destroyed) {
        seen.sentBytes += chunk.length;
        if (!response.write(chunk)) return void response.once('drain', pump);
      }
      if (!response.destroyed) response.end();
    };
    pump();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const client = createUpstreamClient({ baseUrl: `http://127.0.0.1:${(server!.address() as AddressInfo).port}` });
  const response = await client.postJson('/', { headers: {}, body: '{}', signal: new AbortController().signal, target });
  return { response, seen, client };
}

describe('readBodyText', () => {
  it('reads a body within the limit whole', async () => {
    const { response, client } = await fillerServer({ totalBytes: 256 * KB });
    expect((await readBodyText(response, { maxBytes: 1024 * KB, target })).length).toBe(256 * KB);
    await client.close();
  });

  it('cuts a body that never ends once past the limit, drops its connection, and blames the provider', async () => {
    const { response, seen, client } = await fillerServer({ totalBytes: Number.POSITIVE_INFINITY });
    const error = await readBodyText(response, { maxBytes: 512 * KB, target }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(UpstreamResponseError);
    expect(error).toMatchObject({ failureClass: 'server', target });
    expect((error as Error).message).toContain('limits.max_response_bytes');
    await expect.poll(() => seen.closedEarly).toBe(true);
    // What was sent is the limit plus what the sockets buffered, not the endless rest.
    expect(seen.sentBytes).toBeLessThan(16 * 1024 * KB);
    await client.close();
  });

  it('refuses at once a body whose content-length is over the limit', async () => {
    const { response, seen, client } = await fillerServer({ totalBytes: 64 * 1024 * KB, declareLength: true });
    await expect(readBodyText(response, { maxBytes: 512 * KB, target })).rejects.toBeInstanceOf(UpstreamResponseError);
    await expect.poll(() => seen.closedEarly).toBe(true);
    await client.close();
  });
});

describe('readErrorBodyText', () => {
  it('keeps the first bytes of an error body that is too long, and drops the rest with its connection', async () => {
    const { response, seen, client } = await fillerServer({ status: 500, totalBytes: Number.POSITIVE_INFINITY });
    const text = await readErrorBodyText(response, 100 * KB);
    expect(text.length).toBe(100 * KB);
    await expect.poll(() => seen.closedEarly).toBe(true);
    await client.close();
  });
});
