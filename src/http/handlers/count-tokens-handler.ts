import { clientTimeoutMs } from '../../pipeline/deadline.js';
import { anthropicProtocol } from '../../protocols/anthropic/anthropic-protocol.js';
import { pickForwardableHeaders } from '../../providers/shared/forwardable-headers.js';
import { ANTHROPIC_FORWARDED_HEADERS, pickHeaders } from '../pick-headers.js';
import { readJsonBody } from '../read-json-body.js';
import type { Handler } from '../request-context.js';
import { sendJson } from '../send-json.js';

/**
 * `POST /v1/messages/count_tokens`: counted through the route's targets that can count
 * (Anthropic-type ones), with the pipeline's breakers, key pools and failover; with none that
 * answers, Lifeline's estimate, marked `x-lifeline-token-count: estimated` so nobody mistakes it.
 */
export const countTokensHandler: Handler = async (context) => {
  const { value: body } = await readJsonBody(context.request, context.app.config.server);
  // count_tokens takes the Messages body without generation fields; validate it as one.
  const request = anthropicProtocol.parseRequest(isObject(body) ? { max_tokens: 1, ...body } : body);
  context.log.model = request.model;
  const abort = new AbortController();
  context.response.on('close', () => {
    if (!context.response.writableFinished) abort.abort();
  });
  const timeoutMs = clientTimeoutMs(context.request.headers);
  const counted = await context.app.gateway.countTokens({
    request,
    signal: abort.signal,
    ...(timeoutMs !== undefined ? { clientTimeoutMs: timeoutMs } : {}),
    passthrough: { format: 'anthropic', body: body as Record<string, unknown>, query: '', headers: pickHeaders(context.request.headers, ANTHROPIC_FORWARDED_HEADERS) },
  });
  if (counted.exact) {
    const { provider, model } = counted.target;
    context.log.target = { provider, model };
    sendJson(context.response, 200, { input_tokens: counted.inputTokens }, {
      ...pickForwardableHeaders(counted.headers),
      'x-lifeline-token-count': 'exact',
      'x-lifeline-provider': provider,
      'x-lifeline-model': model,
      'x-lifeline-request-id': context.requestId,
    });
    return;
  }
  const failovers = counted.failures.map((failure) => `${failure.target.provider}/${failure.target.model}: ${failure.failureClass}`);
  sendJson(context.response, 200, { input_tokens: counted.inputTokens }, {
    'x-lifeline-token-count': 'estimated',
    'x-lifeline-request-id': context.requestId,
    ...(failovers.length > 0 ? { 'x-lifeline-failovers': failovers.join(', ') } : {}),
  });
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
