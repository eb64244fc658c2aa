import { anthropicProtocol } from '../../protocols/anthropic/anthropic-protocol.js';
import { ANTHROPIC_FORWARDED_HEADERS, pickHeaders } from '../pick-headers.js';
import { readJsonBody } from '../read-json-body.js';
import type { Handler } from '../request-context.js';
import { answerTokenCount } from './answer-token-count.js';

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
  const passthrough = { format: 'anthropic' as const, body: body as Record<string, unknown>, query: '', headers: pickHeaders(context.request.headers, ANTHROPIC_FORWARDED_HEADERS) };
  await answerTokenCount(context, request, passthrough, (inputTokens) => ({ input_tokens: inputTokens }));
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
