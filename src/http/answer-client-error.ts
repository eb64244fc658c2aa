import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { InvalidRequestError, RequestRefusedError, type GatewayError } from '../errors/index.js';
import { anthropicProtocol } from '../protocols/anthropic/anthropic-protocol.js';
import { openaiProtocol } from '../protocols/openai/openai-protocol.js';
import type { FrontDoorSettings } from './front-door-config.js';
import { protocolForPath } from './router.js';

/** What Node passes to `clientError`: its parser's code and the bytes it was reading. */
export type ClientError = Error & { code?: string; rawPacket?: Buffer };

/**
 * Answers what Node's HTTP parser refused before any handler ran: 431 for oversized headers, 408
 * when the request did not arrive in time, 400 for malformed HTTP; always a JSON body, then the
 * socket closes. The error shape follows the request path when the refused bytes still hold the
 * request line, else a neutral envelope both SDKs read (see {@link neutralErrorBody}).
 */
export function answerClientError(error: ClientError, socket: Duplex, limits: Pick<FrontDoorSettings, 'maxHeaderBytes' | 'headersTimeoutMs' | 'bodyTimeoutMs'>): void {
  // Nothing to answer: the client left, or an answer is already on its way on this socket.
  if (error.code === 'ECONNRESET' || !socket.writable || responseStarted(socket)) {
    socket.destroy();
    return;
  }
  const refusal = refusalFor(error, limits);
  const pathname = requestPathOf(error.rawPacket);
  const body = JSON.stringify(pathname === undefined ? neutralErrorBody(refusal) : protocolForPath(pathname, {}).renderError(refusal).body);
  const head = `HTTP/1.1 ${refusal.statusCode} ${STATUS_CODES[refusal.statusCode] ?? ''}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n`;
  // Closed once written: a slow client must not keep the socket half-open.
  socket.end(head + body, () => socket.destroy());
}

function refusalFor(error: ClientError, limits: Pick<FrontDoorSettings, 'maxHeaderBytes' | 'headersTimeoutMs' | 'bodyTimeoutMs'>): GatewayError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new RequestRefusedError('headers_too_large', `The request headers are larger than ${limits.maxHeaderBytes} bytes (server.max_header_bytes).`);
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'ERR_HTTP_HEADERS_TIMEOUT':
      return new RequestRefusedError(
        'request_timeout',
        `The request did not arrive in time: headers are due within ${limits.headersTimeoutMs} ms (server.headers_timeout_ms), the body within ${limits.bodyTimeoutMs} ms more (server.body_timeout_ms).`,
      );
    default:
      return new InvalidRequestError(`Malformed HTTP request (${error.code ?? 'parse error'}).`);
  }
}

/** The path of the request line, when the refused bytes begin with one. */
function requestPathOf(rawPacket: Buffer | undefined): string | undefined {
  if (rawPacket === undefined || rawPacket.length === 0) return undefined;
  const head = rawPacket.toString('latin1', 0, Math.min(rawPacket.length, 4096));
  const match = /^[A-Z]+ (\/[^\s?]*)\S* HTTP\/1\.[01]\r?\n/.exec(head);
  return match?.[1];
}

/**
 * Anthropic's envelope with OpenAI's fields added, for when the protocol is unknown:
 * `{"type":"error","error":{"type","message","param","code"}}`. The Anthropic SDK reads
 * `error.type`/`message`, the OpenAI SDK `error.message`/`code`.
 */
function neutralErrorBody(error: GatewayError): Record<string, unknown> {
  const anthropic = anthropicProtocol.renderError(error).body as { error: Record<string, unknown> };
  const openai = openaiProtocol.renderError(error).body as { error: Record<string, unknown> };
  return { type: 'error', error: { ...openai.error, ...anthropic.error } };
}

/** Node's own test (`socketOnError`): a response whose headers went out cannot be followed by another. */
function responseStarted(socket: Duplex): boolean {
  return (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage?.headersSent === true;
}
