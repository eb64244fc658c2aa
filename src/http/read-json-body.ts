import type { IncomingMessage } from 'node:http';
import { InvalidRequestError, RequestTooLargeError } from '../errors/index.js';

/** Reads and parses a JSON request body, refusing more than `limitBytes`. */
export async function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<{ value: unknown; bytes: number }> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    request.resume();
    throw new RequestTooLargeError(limitBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) {
      request.resume();
      throw new RequestTooLargeError(limitBytes);
    }
    chunks.push(chunk);
  }
  const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new InvalidRequestError('The request body is empty; expected a JSON object.');
  try {
    return { value: JSON.parse(text), bytes: size };
  } catch (error) {
    throw new InvalidRequestError(`The request body is not valid JSON: ${(error as Error).message}`);
  }
}
