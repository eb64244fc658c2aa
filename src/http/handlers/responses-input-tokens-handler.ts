import { responsesProtocol } from '../../protocols/openai-responses/responses-protocol.js';
import { readJsonBody } from '../read-json-body.js';
import type { Handler } from '../request-context.js';
import { sendJson } from '../send-json.js';
import { countInputTokens } from './count-input-tokens.js';

/**
 * `POST /v1/responses/input_tokens`: the Responses request's input counted by the route's first
 * target with a counting endpoint (Anthropic's count_tokens, on the translated request), else an
 * estimate marked `x-lifeline-token-count: estimated`. Answers `{object, input_tokens}` as the API does.
 */
export const responsesInputTokensHandler: Handler = async (context) => {
  const { value: body } = await readJsonBody(context.request, context.app.config.server);
  const request = responsesProtocol.parseRequest(body);
  context.log.model = request.model;
  const counted = await countInputTokens(context, request);
  sendJson(context.response, 200, { object: 'response.input_tokens', input_tokens: counted.inputTokens }, counted.headers);
};
