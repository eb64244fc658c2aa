import type { ServerResponse } from 'node:http';

/**
 * Sends a JSON body (object or already-serialised text) with the given status and headers: an
 * object, or Node's flat `[name, value, …]` list.
 */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> | string[] = {}): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const length = String(Buffer.byteLength(text));
  if (Array.isArray(headers)) {
    response.writeHead(status, [...headers, 'content-type', 'application/json', 'content-length', length]);
  } else {
    response.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': length });
  }
  response.end(text);
}
