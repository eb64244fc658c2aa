import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ByteChunks } from '../../core/byte-chunks.js';
import type { InboundPassthrough } from '../provider-adapter.js';
import { isRawRequestBody, passthroughBytes } from './passthrough-bytes.js';
import { createUpstreamClient } from './upstream-client.js';

const target = { provider: 'upstream', model: 'm' };

/** A passthrough holding `text` as raw bytes cut into chunks at `cuts`, with the span of its top-level `model` value. */
function passthroughOf(text: string, cuts: number[] = []): InboundPassthrough {
  const bytes = Buffer.from(text);
  const start = bytes.indexOf('"client-model"');
  const chunks = [0, ...cuts].map((cut, index, all) => bytes.subarray(cut, all[index + 1] ?? bytes.length));
  return { format: 'anthropic', body: {}, raw: { bytes: new ByteChunks(chunks), model: { start, end: start + '"client-model"'.length } }, query: '', headers: {} };
}

const joined = (body: ReturnType<typeof passthroughBytes>) => (Buffer.isBuffer(body) ? body : Buffer.concat(body ?? [])).toString();

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

describe('passthroughBytes', () => {
  it('splices the model into a small body as one buffer', () => {
    const body = passthroughBytes(passthroughOf('{"model":"client-model","max_tokens":5}'), 'claude-"x"');
    expect(Buffer.isBuffer(body)).toBe(true);
    expect(JSON.parse(joined(body))).toEqual({ model: 'claude-"x"', max_tokens: 5 });
  });

  it('splices a small body cut into chunks (the model cut too, a multi-byte model) into one buffer', () => {
    const text = '{"model":"client-model","messages":[{"role":"user","content":"héllo"}],"max_tokens":5}';
    const modelAt = text.indexOf('"client-model"');
    for (const cuts of [[], [1], [modelAt], [modelAt + 3], [modelAt + 14], [modelAt + 2, modelAt + 9, 60]]) {
      const body = passthroughBytes(passthroughOf(text, cuts), 'clåude-"x"');
      expect(Buffer.isBuffer(body)).toBe(true);
      expect(joined(body)).toBe(text.replace('"client-model"', '"clåude-\\"x\\""'));
    }
  });

  it('gives a large body as pieces of the client buffer, not a copy', () => {
    const text = `{"model":"client-model","messages":[{"role":"user","content":"${'a'.repeat(200_000)}"}]}`;
    const passthrough = passthroughOf(text);
    const body = passthroughBytes(passthrough, 'claude-sonnet-4-5');
    expect(Array.isArray(body)).toBe(true);
    expect(isRawRequestBody(body)).toBe(true);
    const pieces = body as readonly Buffer[];
    expect(pieces[2]!.buffer).toBe(passthrough.raw!.bytes.chunks[0]!.buffer);
    expect(joined(body)).toBe(text.replace('"client-model"', '"claude-sonnet-4-5"'));
  });

  it('forwards the socket chunks themselves, wherever they were cut (the model itself cut too)', () => {
    const text = `{"messages":[{"role":"user","content":"${'a'.repeat(100_000)}"}],"model":"client-model","x":"${'b'.repeat(100_000)}"}`;
    const modelAt = text.indexOf('"client-model"');
    for (const cuts of [[65_536], [65_536, modelAt + 3, 131_072, 196_608], [modelAt, modelAt + 14]]) {
      const passthrough = passthroughOf(text, cuts);
      const body = passthroughBytes(passthrough, 'claude-sonnet-4-5') as readonly Buffer[];
      expect(joined(body)).toBe(text.replace('"client-model"', '"claude-sonnet-4-5"'));
      expect(body[0]!.buffer).toBe(passthrough.raw!.bytes.chunks[0]!.buffer);
    }
  });

  it('is sent by the upstream client whole, with its length declared (not chunked)', async () => {
    const received: { headers?: IncomingHttpHeaders; body?: string } = {};
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.headers = request.headers;
        received.body = Buffer.concat(chunks).toString();
        response.end('{}');
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const client = createUpstreamClient({ baseUrl: `http://127.0.0.1:${(server!.address() as AddressInfo).port}` });
    const text = `{"model":"client-model","messages":[{"role":"user","content":"${'é'.repeat(100_000)}"}]}`;
    const body = passthroughBytes(passthroughOf(text), 'claude-sonnet-4-5')!;
    const response = await client.postJson('/v1/messages', { headers: {}, body, signal: new AbortController().signal, target });
    await response.body.text();
    await client.close();
    const expected = text.replace('"client-model"', '"claude-sonnet-4-5"');
    expect(received.body).toBe(expected);
    expect(received.headers?.['content-length']).toBe(String(Buffer.byteLength(expected)));
    expect(received.headers?.['transfer-encoding']).toBeUndefined();
    expect(received.headers?.['content-type']).toBe('application/json');
  });
});
