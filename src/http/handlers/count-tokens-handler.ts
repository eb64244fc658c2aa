import { anthropicProtocol } from '../../protocols/anthropic/anthropic-protocol.js';
import { ANTHROPIC_FORWARDED_HEADERS, pickHeaders } from '../pick-headers.js';
import { readJsonBody } from '../read-json-body.js';
import type { Handler } from '../request-context.js';
import { sendJson } from '../send-json.js';
import { countInputTokens } from './count-input-tokens.js';

/**
 * `POST /v1/messages/count_tokens`: asked of the route's first Anthropic-type target that answers;
 * with none, an estimate, marked `x-lifeline-token-count: estimated` so nobody mistakes it.
 */
export const countTokensHandler: Handler = async (context) => {
  const { value: body } = await readJsonBody(context.request, context.app.config.server);
  // count_tokens takes the Messages body without generation fields; validate it as one.
  const request = anthropicProtocol.parseRequest(isObject(body) ? { max_tokens: 1, ...body } : body);
  context.log.model = request.model;
  const counted = await countInputTokens(context, request, {
    format: 'anthropic',
    body: body as Record<string, unknown>,
    query: '',
    headers: pickHeaders(context.request.headers, ANTHROPIC_FORWARDED_HEADERS),
  });
  sendJson(context.response, 200, { input_tokens: counted.inputTokens }, counted.headers);
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
