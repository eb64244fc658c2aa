import type { IncomingMessage } from 'node:http';
import { InvalidRequestError, RequestTooLargeError } from '../errors/index.js';
import { jsonDepthExceeds } from './json-depth.js';

/**
 * Reads and parses a JSON request body, refusing more than `limitBytes` and, before parsing,
 * nesting deeper than `maxDepth` (nothing downstream then meets a pathological structure).
 */
export async function readJsonBody(request: IncomingMessage, limitBytes: number, maxDepth: number): Promise<{ value: unknown; bytes: number }> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    request.resume();
    throw new RequestTooLargeError(limitBytes);
  }
  const body = await readBody(request, limitBytes);
  if (jsonDepthExceeds(body, maxDepth)) throw new InvalidRequestError(`The request body nests objects and arrays deeper than ${maxDepth} levels (server.max_json_depth).`);
  const text = body.toString('utf8');
  if (text.trim() === '') throw new InvalidRequestError('The request body is empty; expected a JSON object.');
  try {
    return { value: JSON.parse(text), bytes: body.length };
  } catch (error) {
    throw new InvalidRequestError(`The request body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * The raw body, read with plain 'data'/'end' listeners: an async iterator over the request costs
 * several promises per request, and this is on every request's path.
 */
function readBody(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        cleanup();
        // Drain the rest so the connection can still carry the error answer.
        request.resume();
        reject(new RequestTooLargeError(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    // The client went away before sending the whole body.
    const onClose = () => {
      if (request.complete) return;
      cleanup();
      reject(new InvalidRequestError('The client closed the connection before the request body was complete.'));
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}
