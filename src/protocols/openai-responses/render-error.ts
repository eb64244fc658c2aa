import type { GatewayError } from '../../errors/index.js';
import type { RenderedError } from '../inbound-protocol.js';
import { openAIErrorObject, renderOpenAIError, type OpenAIErrorObject } from '../openai/render-error.js';

/**
 * GatewayError → the Responses API's error envelope. It is OpenAI's `{"error":{message,type,param,
 * code}}` with the same statuses; what differs is the conversation's field name (`input`, not
 * `messages`) and the code of an unknown `previous_response_id`.
 */
export function renderResponsesError(error: GatewayError): RenderedError {
  const rendered = renderOpenAIError(error);
  return { ...rendered, body: { error: adjust(rendered.body.error as OpenAIErrorObject, rendered.status) } };
}

/** The `error` object alone, for the stream's `error` event and `response.failed`. */
export function responsesErrorObject(error: GatewayError): OpenAIErrorObject {
  const status = error.statusCode === 529 ? 503 : error.statusCode;
  return adjust(openAIErrorObject(error, status), status);
}

function adjust(object: OpenAIErrorObject, status: number): OpenAIErrorObject {
  const param = object.param === 'messages' ? 'input' : object.param;
  const code = status === 404 && param === 'previous_response_id' ? 'previous_response_not_found' : object.code;
  return { ...object, param, code };
}
