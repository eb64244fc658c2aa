import { Agent, type Dispatcher } from 'undici';
import type { TargetRef } from '../../errors/index.js';
import { mapTransportError } from './map-transport-error.js';
import type { RawRequestBody } from './passthrough-bytes.js';

/** Per-phase upstream timeouts, in milliseconds (0 disables one). */
export interface UpstreamTimeouts {
  /** TCP/TLS connect. */
  connectMs: number;
  /** From sending the request to the response headers (time to first byte). */
  firstByteMs: number;
  /** Longest silence between two body chunks, before and after the first token. */
  idleMs: number;
  /** Longest a started stream may run, from its response headers (see limitStreamDuration). */
  streamMaxMs: number;
}

export const DEFAULT_TIMEOUTS: UpstreamTimeouts = { connectMs: 10_000, firstByteMs: 120_000, idleMs: 60_000, streamMaxMs: 3_600_000 };

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as a stream of bytes; read it once, or call `dump()`. */
  body: Dispatcher.ResponseData['body'];
}

export interface UpstreamClient {
  /**
   * POSTs a JSON body (text, bytes, or byte pieces sent back to back); resolves when headers
   * arrive, whatever the status. Rejects only on transport failure.
   */
  postJson(path: string, options: { headers: Record<string, string>; body: string | RawRequestBody; signal: AbortSignal; target: TargetRef }): Promise<UpstreamResponse>;
  /** GET for probes and model lists. */
  get(path: string, options: { headers: Record<string, string>; signal: AbortSignal; target: TargetRef }): Promise<UpstreamResponse>;
  close(): Promise<void>;
}

/**
 * One pooled HTTP client per provider. `baseUrl` is split once into origin and path prefix, so a
 * base with a prefix (`https://host/v1`) keeps it and no request parses a URL.
 */
export function createUpstreamClient(options: { baseUrl: string; timeouts?: Partial<UpstreamTimeouts>; connections?: number }): UpstreamClient {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const base = new URL(options.baseUrl);
  const origin = base.origin;
  const pathPrefix = base.pathname.replace(/\/+$/, '');
  const dispatcher = new Agent({
    connect: { timeout: timeouts.connectMs || undefined },
    // Unlimited unless asked: every open stream holds its own upstream connection for minutes, and
    // client connections are already capped by server.max_connections. A cap here (it was 128)
    // queued the 129th stream behind streams that last minutes, until its headers timed out.
    connections: options.connections ?? null,
    headersTimeout: timeouts.firstByteMs,
    bodyTimeout: timeouts.idleMs,
    keepAliveTimeout: 30_000,
  });

  async function send(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body: string | RawRequestBody | undefined, signal: AbortSignal, target: TargetRef): Promise<UpstreamResponse> {
    try {
      // Pieces go as an iterable body, which undici writes piece by piece (its documentation lists
      // iterables; its types do not); the length is declared, so the body is not sent chunked.
      const pieces = Array.isArray(body) ? (body as readonly Buffer[]) : undefined;
      const sentHeaders = pieces ? { ...headers, 'content-length': String(pieces.reduce((total, piece) => total + piece.length, 0)) } : headers;
      const sentBody = (body ?? null) as Dispatcher.DispatchOptions['body'];
      const response = await dispatcher.request({ origin, path: pathPrefix + path, method, headers: sentHeaders, body: sentBody, signal });
      return { status: response.statusCode, headers: flattenHeaders(response.headers), body: response.body };
    } catch (error) {
      throw mapTransportError(error, { target, timeouts, signal });
    }
  }

  return {
    postJson: (path, request) => send('POST', path, { 'content-type': 'application/json', ...request.headers }, request.body, request.signal, request.target),
    get: (path, request) => send('GET', path, request.headers, undefined, request.signal, request.target),
    close: () => dispatcher.close(),
  };
}

/** undici gives arrays for repeated headers; callers want one string each. */
export function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
