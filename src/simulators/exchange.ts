import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';

/** One provider request being answered: the parsed parts plus the raw Node objects. */
export interface Exchange {
  request: IncomingMessage;
  response: ServerResponse;
  method: string;
  path: string;
  /** Query string without `?`. */
  query: string;
  /** Parsed JSON body; undefined when the body is empty or not JSON. */
  body: unknown;
  /** True when a non-empty body failed to parse as JSON. */
  bodyIsInvalidJson: boolean;
  /** The body as received (what a request signature covers; a form body such as an OAuth token request). */
  bodyText?: string;
  /**
   * Set when a cloud front (simulators/azure) already authenticated the caller its own way: the
   * credential it accepted (a key, an Entra ID token), used for fault matching in place of the
   * format's own key check.
   */
  authenticatedKey?: string;
}

/** Resolves true after `ms`, or false as soon as the response closes (client gone or simulator closed). */
export function sleepWhileOpen(response: ServerResponse, ms: number): Promise<boolean> {
  if (response.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      response.off('close', onClose);
      resolve(!response.destroyed);
    }, ms);
    response.once('close', onClose);
  });
}

/** Waits `ms`, or when `ms` is undefined until the response closes; resolves true if still open. */
export function stall(response: ServerResponse, ms: number | undefined): Promise<boolean> {
  if (ms !== undefined) return sleepWhileOpen(response, ms);
  if (response.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => response.once('close', () => resolve(false)));
}

/** Drops the connection without a response; the client sees ECONNRESET. */
export function resetConnection(response: ServerResponse): void {
  const socket = response.socket;
  if (!socket) return;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

/** Sends whatever is queued (headers included), then closes the connection mid-response. */
export function closeAfterFlush(response: ServerResponse, lastChunk?: string | Uint8Array): void {
  const socket = response.socket;
  if (!socket) return;
  if (lastChunk !== undefined && lastChunk.length > 0) {
    response.write(lastChunk, () => socket.destroy());
    return;
  }
  if (!response.headersSent) response.flushHeaders();
  // An empty socket write calls back once everything queued before it reached the kernel.
  socket.write('', () => socket.destroy());
}

/** Reason phrase for `status`; Node has none for 529, which would otherwise read "unknown". */
export function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? (status === 529 ? 'Site Overloaded' : 'Error');
}

/** Sends a complete JSON response with its content-length (no chunked framing, as the real APIs). */
export function sendJson(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  bodyText: string,
): void {
  if (response.destroyed) return;
  headers['content-length'] = String(Buffer.byteLength(bodyText));
  response.writeHead(status, reasonPhrase(status), headers);
  response.end(bodyText);
}
