import type { InboundProtocol } from '../inbound-protocol.js';
import { parseResponsesRequest } from './parse-request.js';
import { renderResponsesError } from './render-error.js';
import { renderResponsesResponse } from './render-response.js';
import { createResponsesStreamRenderer } from './render-stream.js';
import { RESPONSES_FORMAT } from './responses-format.js';

/** The OpenAI Responses API inbound protocol (`POST /v1/responses`). */
export const responsesProtocol: InboundProtocol = {
  format: RESPONSES_FORMAT,
  parseRequest: parseResponsesRequest,
  renderResponse: renderResponsesResponse,
  createStreamRenderer: createResponsesStreamRenderer,
  renderError: renderResponsesError,
};
