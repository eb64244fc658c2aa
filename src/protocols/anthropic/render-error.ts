import type { GatewayError } from '../../errors/index.js';
import type { RenderedError } from '../inbound-protocol.js';
import { redactSecrets } from '../../secrets/redact-secrets.js';
import { anthropicErrorType } from './anthropic-error-type.js';

/**
 * A gateway error in Anthropic's envelope: `{"type":"error","error":{"type","message"}}` with the
 * error type the SDKs expect for the status, and `retry-after` (whole seconds, rounded up) when
 * the error knows how long to wait.
 */
export function renderAnthropicError(error: GatewayError): RenderedError {
  const headers: Record<string, string> = {};
  const retryAfterMs = readRetryAfterMs(error);
  if (retryAfterMs !== undefined) headers['retry-after'] = String(Math.max(0, Math.ceil(retryAfterMs / 1000)));
  const requestId = (error as { requestId?: unknown }).requestId;
  return {
    status: error.statusCode,
    body: {
      type: 'error',
      error: anthropicErrorObject(error),
      ...(typeof requestId === 'string' ? { request_id: requestId } : {}),
    },
    headers,
  };
}

/** The inner `error` object, shared with the stream renderer's `event: error`. */
export function anthropicErrorObject(error: GatewayError): { type: string; message: string } {
  return { type: anthropicErrorType(error), message: redactSecrets(error.message) };
}

/** UpstreamHttpError and NoHealthyTargetError carry `retryAfterMs`; nothing else does. */
function readRetryAfterMs(error: GatewayError): number | undefined {
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
