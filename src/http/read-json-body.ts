import type { IncomingMessage } from 'node:http';
import { ByteChunks } from '../core/byte-chunks.js';
import { ClientCancelledError, InvalidRequestError, RequestRefusedError, RequestTooLargeError } from '../errors/index.js';
import { jsonDepthExceeds } from './json-depth.js';
import { requireJsonContentType } from './json-content-type.js';

/** How much body a handler accepts and how long it waits for it (`server.*`). */
export interface BodyLimits {
  maxBodyBytes: number;
  /** The whole body must arrive within this once reading starts. */
  bodyTimeoutMs: number;
  /** Longest silence between two parts of the body. */
  bodyIdleTimeoutMs: number;
  /** Deepest nesting of objects and arrays accepted; checked on the raw bytes before parsing. */
  maxJsonDepth: number;
}

/**
 * Reads and parses a JSON request body: `content-type: application/json` only (415 otherwise,
 * before a byte is read), at most `maxBodyBytes` (413), within the body timeouts (408), nesting no deeper than `maxJsonDepth` (400, before parsing:
 * nothing downstream then meets a pathological structure). A client
 * that goes away mid-body is a quiet {@link ClientCancelledError}.
 */
export async function readJsonBody(request: IncomingMessage, limits: BodyLimits): Promise<{ value: unknown; bytes: number }> {
  const body = await readJsonBytes(request, limits);
  return { value: parseJsonBytes(body, limits), bytes: body.length };
}

/**
 * The body's bytes, unparsed, with every check {@link readJsonBody} makes before parsing:
 * content type (415), size (413) and body timeouts (408). For handlers that look at a few
 * top-level fields and forward the rest as it came.
 */
export async function readJsonBytes(request: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  return (await readJsonChunks(request, limits)).join();
}

/** Sees each chunk of a body as it arrives (a validity scan that keeps pace with the upload). */
export interface ChunkSink {
  write(chunk: Buffer): void;
}

/**
 * The body's bytes as the socket delivered them, never joined, with the checks of
 * {@link readJsonBytes}; `onChunk` sees each chunk as it arrives (a validity scan that keeps pace
 * with the upload instead of walking the joined body afterwards).
 */
export async function readJsonChunks(request: IncomingMessage, limits: BodyLimits, onChunk?: ChunkSink): Promise<ByteChunks> {
  requireJsonContentType(request.headers['content-type']);
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBodyBytes) {
    request.resume();
    throw new RequestTooLargeError(limits.maxBodyBytes);
  }
  return new ByteChunks(await readBody(request, limits, onChunk));
}

/** Parses bytes from {@link readJsonBytes}: too deep (400, checked before parsing), empty or not JSON (400). */
export function parseJsonBytes(body: Buffer, limits: Pick<BodyLimits, 'maxJsonDepth'>): unknown {
  if (jsonDepthExceeds(body, limits.maxJsonDepth)) throw new InvalidRequestError(`The request body nests objects and arrays deeper than ${limits.maxJsonDepth} levels (server.max_json_depth).`);
  const text = body.toString('utf8');
  if (text.trim() === '') throw new InvalidRequestError('The request body is empty; expected a JSON object.');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidRequestError(`The request body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * The raw body, read with plain 'data'/'end' listeners: an async iterator over the request costs
 * several promises per request, and this is on every request's path. One timer watches both
 * timeouts: a chunk only records its arrival time, the timer re-arms itself when it fires early.
 */
function readBody(request: IncomingMessage, limits: BodyLimits, onChunk: ChunkSink | undefined): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const startedAt = Date.now();
    let lastDataAt = startedAt;
    let timer: NodeJS.Timeout | undefined;
    const cleanup = () => {
      clearTimeout(timer);
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onCancel);
      request.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      lastDataAt = Date.now();
      size += chunk.length;
      if (size > limits.maxBodyBytes) {
        cleanup();
        // Drain the rest so the connection can still carry the error answer.
        request.resume();
        reject(new RequestTooLargeError(limits.maxBodyBytes));
        return;
      }
      chunks.push(chunk);
      onChunk?.write(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks);
    };
    // The client went away (reset, or closed before sending the whole body): nobody is left to answer.
    const onCancel = () => {
      cleanup();
      reject(new ClientCancelledError());
    };
    const onClose = () => {
      if (!request.complete) onCancel();
    };
    const checkTimeouts = () => {
      const now = Date.now();
      const totalLeftMs = startedAt + limits.bodyTimeoutMs - now;
      const idleLeftMs = lastDataAt + limits.bodyIdleTimeoutMs - now;
      if (totalLeftMs > 0 && idleLeftMs > 0) {
        timer = setTimeout(checkTimeouts, Math.min(totalLeftMs, idleLeftMs));
        return;
      }
      cleanup();
      reject(
        new RequestRefusedError(
          'request_timeout',
          totalLeftMs <= 0
            ? `The request body did not arrive within ${limits.bodyTimeoutMs} ms (server.body_timeout_ms); ${size} bytes came.`
            : `No part of the request body arrived for ${limits.bodyIdleTimeoutMs} ms (server.body_idle_timeout_ms); ${size} bytes came.`,
        ),
      );
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onCancel);
    request.on('close', onClose);
    timer = setTimeout(checkTimeouts, Math.min(limits.bodyTimeoutMs, limits.bodyIdleTimeoutMs));
  });
}
