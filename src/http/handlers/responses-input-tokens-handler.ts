import { responsesProtocol } from '../../protocols/openai-responses/responses-protocol.js';
import { readJsonBody } from '../read-json-body.js';
import type { Handler } from '../request-context.js';
import { answerTokenCount } from './answer-token-count.js';

/**
 * `POST /v1/responses/input_tokens`: the Responses request's input counted through the route's
 * targets that can count (Anthropic's count_tokens, on the translated request), else Lifeline's
 * estimate, marked as such. Answers `{object: "response.input_tokens", input_tokens}` as the API does.
 */
export const responsesInputTokensHandler: Handler = async (context) => {
  const { value: body } = await readJsonBody(context.request, context.app.config.server);
  const request = responsesProtocol.parseRequest(body);
  context.log.model = request.model;
  // No counting endpoint takes a Responses body: targets count the translated request.
  const passthrough = { format: responsesProtocol.format, body: {}, query: '', headers: {} };
  await answerTokenCount(context, request, passthrough, (inputTokens) => ({ object: 'response.input_tokens', input_tokens: inputTokens }));
};
