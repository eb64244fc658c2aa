import { clientTimeoutMs } from '../../pipeline/deadline.js';
import { responsesProtocol } from '../../protocols/openai-responses/responses-protocol.js';
import { pickForwardableHeaders } from '../../providers/shared/forwardable-headers.js';
import { readJsonBody } from '../read-json-body.js';
import type { Handler } from '../request-context.js';
import { sendJson } from '../send-json.js';

/**
 * `POST /v1/responses/input_tokens`: the Responses request's input counted through the route's
 * targets that can count (Anthropic's count_tokens, on the translated request), with the
 * pipeline's breakers and failover; else Lifeline's estimate, marked
 * `x-lifeline-token-count: estimated`. Answers `{object: "response.input_tokens", input_tokens}`.
 */
export const responsesInputTokensHandler: Handler = async (context) => {
  const { value: body } = await readJsonBody(context.request, context.app.config.server);
  const request = responsesProtocol.parseRequest(body);
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
    // The Responses body itself means nothing to a counting endpoint: targets count the translation.
    passthrough: { format: responsesProtocol.format, body: {}, query: '', headers: {} },
  });
  const answer = { object: 'response.input_tokens', input_tokens: counted.inputTokens };
  if (counted.exact) {
    const { provider, model } = counted.target;
    context.log.target = { provider, model };
    sendJson(context.response, 200, answer, {
      ...pickForwardableHeaders(counted.headers),
      'x-lifeline-token-count': 'exact',
      'x-lifeline-provider': provider,
      'x-lifeline-model': model,
      'x-lifeline-request-id': context.requestId,
    });
    return;
  }
  const failovers = counted.failures.map((failure) => `${failure.target.provider}/${failure.target.model}: ${failure.failureClass}`);
  sendJson(context.response, 200, answer, {
    'x-lifeline-token-count': 'estimated',
    'x-lifeline-request-id': context.requestId,
    ...(failovers.length > 0 ? { 'x-lifeline-failovers': failovers.join(', ') } : {}),
  });
};
