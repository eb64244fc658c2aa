import type { CanonicalRequest } from '../../canonical/index.js';
import { clientTimeoutMs } from '../../pipeline/deadline.js';
import type { InboundPassthrough } from '../../providers/provider-adapter.js';
import { pickForwardableHeaders } from '../../providers/shared/forwardable-headers.js';
import type { RequestContext } from '../request-context.js';
import { sendJson } from '../send-json.js';

/**
 * Counts `request`'s input tokens through the route's targets that can count (the pipeline's
 * breakers, key pools and failover apply) and answers with `body(count)`: exact counts name the
 * target; Lifeline's estimate is marked `x-lifeline-token-count: estimated` so nobody mistakes it.
 */
export async function answerTokenCount(
  context: RequestContext,
  request: CanonicalRequest,
  passthrough: InboundPassthrough,
  body: (inputTokens: number) => Record<string, unknown>,
): Promise<void> {
  const abort = new AbortController();
  context.response.on('close', () => {
    if (!context.response.writableFinished) abort.abort();
  });
  const timeoutMs = clientTimeoutMs(context.request.headers);
  const counted = await context.app.gateway.countTokens({
    request,
    signal: abort.signal,
    ...(timeoutMs !== undefined ? { clientTimeoutMs: timeoutMs } : {}),
    passthrough,
  });
  if (counted.exact) {
    const { provider, model } = counted.target;
    context.log.target = { provider, model };
    sendJson(context.response, 200, body(counted.inputTokens), {
      ...pickForwardableHeaders(counted.headers),
      'x-lifeline-token-count': 'exact',
      'x-lifeline-provider': provider,
      'x-lifeline-model': model,
      'x-lifeline-request-id': context.requestId,
    });
    return;
  }
  const failovers = counted.failures.map((failure) => `${failure.target.provider}/${failure.target.model}: ${failure.failureClass}`);
  sendJson(context.response, 200, body(counted.inputTokens), {
    'x-lifeline-token-count': 'estimated',
    'x-lifeline-request-id': context.requestId,
    ...(failovers.length > 0 ? { 'x-lifeline-failovers': failovers.join(', ') } : {}),
  });
}
