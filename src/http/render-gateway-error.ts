import { LifelineError, NoHealthyTargetError } from '../errors/index.js';
import type { InboundProtocol, RenderedError } from '../protocols/inbound-protocol.js';

/** Longest provider-requested wait a client may sensibly sit out (the OpenAI SDK's own cap). */
const CLIENT_RETRY_AFTER_CAP_MS = 60_000;

/**
 * Only a short rate limit is worth the client's retry: every other all-targets failure was just
 * tried on every route, so an immediate retry would only repeat it.
 */
function clientRetryCanHelp(error: NoHealthyTargetError): boolean {
  return error.failureClass === 'rate_limited' && error.retryAfterMs !== undefined && error.retryAfterMs <= CLIENT_RETRY_AFTER_CAP_MS;
}

/**
 * Renders any thrown value in the caller's protocol, adding `x-should-retry: false` when every
 * route was tried (an immediate client retry would only repeat the same failures; this is what
 * stops Claude Code from backing off silently for minutes). Anything that is not a GatewayError is
 * a Lifeline failure: the client learns that something broke, never what (no stack, no secrets);
 * `internal` tells the caller to log it with its stack.
 */
export function renderGatewayError(protocol: InboundProtocol, error: unknown, requestId: string): RenderedError & { internal: boolean } {
  const gatewayError = LifelineError.from(error);
  const internal = gatewayError instanceof LifelineError;
  const rendered = protocol.renderError(gatewayError);
  const headers: Record<string, string> = { ...rendered.headers, 'x-lifeline-request-id': requestId };
  if (gatewayError instanceof NoHealthyTargetError) {
    headers['x-lifeline-attempts'] = String(gatewayError.attempts.filter((attempt) => !attempt.skipped).length);
    headers['x-should-retry'] = clientRetryCanHelp(gatewayError) ? 'true' : 'false';
  } else if (!gatewayError.isRetryable) {
    headers['x-should-retry'] = 'false';
  }
  return { ...rendered, headers, internal };
}
