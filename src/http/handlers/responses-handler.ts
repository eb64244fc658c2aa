import { RESPONSES_FORMAT } from '../../protocols/openai-responses/responses-format.js';
import { responsesProtocol } from '../../protocols/openai-responses/responses-protocol.js';
import { InvalidRequestError } from '../../errors/index.js';
import { createGenerationHandler } from './generation-handler.js';

/**
 * `POST /v1/responses` (and `/responses`, where Codex CLI posts under a base URL ending in /v1):
 * the shared generation flow in the Responses API's format. A `previous_response_id` must name a
 * response Lifeline kept; until it keeps them, every such id is unknown and gets the API's 404.
 */
export const responsesHandler = createGenerationHandler(responsesProtocol, [], {
  prepareRequest: async (request) => {
    const previousId = request.providerOptions?.[RESPONSES_FORMAT]?.previous_response_id;
    if (typeof previousId === 'string' && previousId !== '') {
      throw new InvalidRequestError(`Previous response with id '${previousId}' not found.`, { param: 'previous_response_id', statusCode: 404 });
    }
    return request;
  },
});
