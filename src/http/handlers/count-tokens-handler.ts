import { GatewayError, ModelNotFoundError } from '../../errors/index.js';
import { estimateInputTokens } from '../../pipeline/estimate-input-tokens.js';
import { anthropicProtocol } from '../../protocols/anthropic/anthropic-protocol.js';
import { pickForwardableHeaders } from '../../providers/shared/forwardable-headers.js';
import { ANTHROPIC_FORWARDED_HEADERS, pickHeaders } from '../pick-headers.js';
import { readJsonBody } from '../read-json-body.js';
import type { Handler } from '../request-context.js';
import { sendJson } from '../send-json.js';

/**
 * `POST /v1/messages/count_tokens`: asked of the route's first Anthropic-type target that answers;
 * with none, an estimate, marked `x-lifeline-token-count: estimated` so nobody mistakes it.
 */
export const countTokensHandler: Handler = async (context) => {
  const { value: body } = await readJsonBody(context.request, context.app.config.server.maxBodyBytes, context.app.config.server.maxJsonDepth);
  // count_tokens takes the Messages body without generation fields; validate it as one.
  const request = anthropicProtocol.parseRequest(isObject(body) ? { max_tokens: 1, ...body } : body);
  context.log.model = request.model;
  const match = context.app.routes.match(request.model);
  if (!match) throw new ModelNotFoundError(request.model, context.app.routes.patterns());
  const abort = new AbortController();
  context.response.on('close', () => {
    if (!context.response.writableFinished) abort.abort();
  });
  const failures: string[] = [];
  for (const target of match.targets) {
    const entry = context.app.gateway.providers.get(target.provider);
    if (!entry?.adapter.doCountTokens) continue;
    const credential = entry.credentials[0];
    if (!credential && !entry.keyOptional) continue;
    try {
      const counted = await entry.adapter.doCountTokens(request, {
        model: target.model,
        signal: abort.signal,
        ...(credential ? { credential } : {}),
        passthrough: {
          format: 'anthropic',
          body: body as Record<string, unknown>,
          query: '',
          headers: pickHeaders(context.request.headers, ANTHROPIC_FORWARDED_HEADERS),
        },
      });
      context.log.target = { provider: target.provider, model: target.model };
      sendJson(context.response, 200, { input_tokens: counted.inputTokens }, {
        ...pickForwardableHeaders(counted.headers),
        'x-lifeline-token-count': 'exact',
        'x-lifeline-provider': target.provider,
        'x-lifeline-model': target.model,
        'x-lifeline-request-id': context.requestId,
      });
      return;
    } catch (error) {
      if (error instanceof GatewayError && error.failureClass === 'invalid_request') throw error;
      failures.push(`${target.provider}/${target.model}: ${error instanceof GatewayError ? error.failureClass : 'error'}`);
    }
  }
  sendJson(context.response, 200, { input_tokens: estimateInputTokens(request) }, {
    'x-lifeline-token-count': 'estimated',
    'x-lifeline-request-id': context.requestId,
    ...(failures.length > 0 ? { 'x-lifeline-failovers': failures.join(', ') } : {}),
  });
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
