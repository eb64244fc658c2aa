import {
  ClientCancelledError,
  GatewayError,
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
 * Turns an undici/Node transport failure into a gateway error: timeouts by phase, connection
 * failures as retryable network errors, and an abort as the client's cancellation when the
 * attempt's signal says so. Anything already a GatewayError passes through.
 */
export function mapTransportError(error: unknown, context: { target: TargetRef; timeouts: UpstreamTimeouts; signal: AbortSignal }): GatewayError {
  if (error instanceof GatewayError) return error;
  if (context.signal.aborted) {
    const reason: unknown = context.signal.reason;
    return reason instanceof GatewayError ? reason : new ClientCancelledError();
  }
  const code = errorCode(error);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new UpstreamTimeoutError('connect', context.timeouts.connectMs, context.target);
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new UpstreamTimeoutError('first-byte', context.timeouts.firstByteMs, context.target);
    case 'UND_ERR_BODY_TIMEOUT':
      return new UpstreamTimeoutError('idle', context.timeouts.idleMs, context.target);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new UpstreamConnectionError(`connection to ${context.target.provider} failed: ${code ?? message}`, {
    errno: code ?? undefined,
    target: context.target,
    cause: error,
  });
}

function errorCode(error: unknown): string | undefined {
  // undici wraps socket errors; the system code may sit on the cause.
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('UND_ERR_'))) return code;
    current = (current as { cause?: unknown }).cause;
  }
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
