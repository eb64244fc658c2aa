import {
  ClientCancelledError,
  GatewayError,
  LifelineError,
  UpstreamConnectionError,
  UpstreamTimeoutError,
  type TargetRef,
} from '../../errors/index.js';
import type { UpstreamTimeouts } from './upstream-client.js';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'EPROTO',
]);

/**
 * This machine is out of something: descriptors (`EMFILE` per process, `ENFILE` system-wide),
 * memory or socket buffers, or local ports (`EADDRNOTAVAIL` on connect). The provider never saw
 * the request.
 */
const LOCAL_RESOURCE_CODES = new Set(['EMFILE', 'ENFILE', 'ENOMEM', 'ENOBUFS', 'EADDRNOTAVAIL', 'ERR_STRING_TOO_LONG']);

/** Lifeline handed the client an invalid request (a bad header value, an argument undici refuses): a bug of ours. */
const LOCAL_FAULT_CODES = new Set([
  'UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED', 'ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_VALUE', 'ERR_INVALID_CHAR',
  'ERR_HTTP_INVALID_HEADER_VALUE', 'ERR_INVALID_HTTP_TOKEN', 'ERR_OUT_OF_RANGE',
]);

/**
 * Turns an undici/Node transport failure into a gateway error: timeouts by phase, failures of the
 * wire (anything with a system or undici code: refused, reset, DNS, TLS, a malformed HTTP answer)
 * as retryable network errors, and an abort as the client's cancellation when the attempt's signal
 * says so. Local resource exhaustion, an invalid request of ours and an error without any code
 * are Lifeline's own failure ({@link LifelineError}), never the provider's. Anything already a
 * GatewayError passes through.
 */
export function mapTransportError(error: unknown, context: { target: TargetRef; timeouts: UpstreamTimeouts; signal: AbortSignal }): GatewayError {
  if (error instanceof GatewayError) return error;
  if (context.signal.aborted) {
    const reason: unknown = context.signal.reason;
    return reason instanceof GatewayError ? reason : new ClientCancelledError();
  }
  const local = findCode(error, (code) => LOCAL_RESOURCE_CODES.has(code));
  if (local) return new LifelineError('resource_exhausted', { errno: local, cause: error });
  const code = errorCode(error);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new UpstreamTimeoutError('connect', context.timeouts.connectMs, context.target);
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new UpstreamTimeoutError('first-byte', context.timeouts.firstByteMs, context.target);
    case 'UND_ERR_BODY_TIMEOUT':
      return new UpstreamTimeoutError('idle', context.timeouts.idleMs, context.target);
  }
  if (code === undefined || LOCAL_FAULT_CODES.has(code)) return new LifelineError('bug', { cause: error });
  return new UpstreamConnectionError(`connection to ${context.target.provider} failed: ${code}`, {
    errno: code,
    target: context.target,
    cause: error,
  });
}

/** The first `code` on the error or its causes that `accept` takes. */
function findCode(error: unknown, accept: (code: string) => boolean): string | undefined {
  // undici wraps socket errors; the system code may sit on the cause.
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && accept(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorCode(error: unknown): string | undefined {
  return findCode(error, (code) => CONNECTION_CODES.has(code) || code.startsWith('UND_ERR_')) ?? findCode(error, () => true);
}
