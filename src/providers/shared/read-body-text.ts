import type { Readable } from 'node:stream';
import { UpstreamResponseError, type TargetRef } from '../../errors/index.js';
import type { UpstreamResponse } from './upstream-client.js';

/**
 * Reads a whole (non-streamed) 2xx body as text, never holding more than `maxBytes`: past it (or
 * when `content-length` already says so) the body is destroyed, which drops its connection, and
 * the provider's answer is refused as an UpstreamResponseError.
 */
export async function readBodyText(response: UpstreamResponse, options: { maxBytes: number; target: TargetRef }): Promise<string> {
  const tooLarge = () =>
    new UpstreamResponseError(`${options.target.provider} answered with a body larger than ${options.maxBytes} bytes (limits.max_response_bytes); the connection was cut`, {
      target: options.target,
    });
  if (Number(response.headers['content-length']) > options.maxBytes) {
    discard(response.body);
    throw tooLarge();
  }
  const { bytes, cut } = await readUpTo(response.body, options.maxBytes);
  if (cut) throw tooLarge();
  return bytes.toString('utf8');
}

/**
 * Reads an error body as text, at most `maxBytes` of it: the status already classifies the
 * failure, so a longer body is cut (its connection dropped) and what was read is kept.
 */
export async function readErrorBodyText(response: UpstreamResponse, maxBytes: number): Promise<string> {
  return (await readUpTo(response.body, maxBytes)).bytes.toString('utf8');
}

/**
 * The body's bytes up to `maxBytes`, read with plain listeners (one promise per body, not per
 * chunk); `cut` when there was more, in which case the body has been destroyed.
 */
function readUpTo(body: Readable, maxBytes: number): Promise<{ bytes: Buffer; cut: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
    };
    const done = (cut: boolean) => {
      cleanup();
      resolve({ bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size), cut });
    };
    const onData = (chunk: Buffer) => {
      if (size + chunk.length > maxBytes) {
        chunks.push(chunk.subarray(0, maxBytes - size));
        size = maxBytes;
        discard(body);
        done(true);
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    };
    const onEnd = () => done(false);
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
  });
}

/** Destroys a body nobody will read; the abort error undici then emits has nowhere to go. */
function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}
