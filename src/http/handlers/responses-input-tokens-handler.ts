import { continuedInput } from '../../protocols/openai-responses/conversation-items.js';
import { responsesProtocol } from '../../protocols/openai-responses/responses-protocol.js';
import { InvalidRequestError } from '../../errors/index.js';
import { readJsonBody } from '../read-json-body.js';
import type { Handler, RequestContext } from '../request-context.js';
import { answerTokenCount } from './answer-token-count.js';

/**
 * `POST /v1/responses/input_tokens`: the Responses request's input counted through the route's
 * targets that can count (Anthropic's count_tokens, on the translated request), else Lifeline's
 * estimate, marked as such. Answers `{object: "response.input_tokens", input_tokens}` as the API does.
 * A `previous_response_id` counts the conversation it continues, as `POST /v1/responses` would send
 * it; one Lifeline does not keep is the API's 404, never a count of the new input alone.
 */
export const responsesInputTokensHandler: Handler = async (context) => {
  const { value: body } = await readJsonBody(context.request, context.app.config.server);
  const request = responsesProtocol.parseRequest(await withPreviousResponse(body, context));
  context.log.model = request.model;
  // No counting endpoint takes a Responses body: targets count the translated request.
  const passthrough = { format: responsesProtocol.format, body: {}, query: '', headers: {} };
  await answerTokenCount(context, request, passthrough, (inputTokens) => ({ object: 'response.input_tokens', input_tokens: inputTokens }));
};

/** The body with the kept conversation of its `previous_response_id` in front of its input (checked by the parser otherwise). */
async function withPreviousResponse(body: unknown, context: RequestContext): Promise<unknown> {
  const previousId = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).previous_response_id : undefined;
  if (typeof previousId !== 'string' || previousId === '') return body;
  const previous = await context.app.responses?.find(previousId, context.clientKey?.name);
  if (!previous) throw new InvalidRequestError(`Previous response with id '${previousId}' not found.`, { param: 'previous_response_id', statusCode: 404 });
  const { previous_response_id: _named, ...rest } = body as Record<string, unknown>;
  return { ...rest, input: continuedInput(previous.input, previous.response, rest.input) };
}
