import { continuedInput, inputItemsOf, withoutMintedReasoning } from '../../protocols/openai-responses/conversation-items.js';
import { finalResponseInEvents } from '../../protocols/openai-responses/final-response-event.js';
import { RESPONSES_FORMAT } from '../../protocols/openai-responses/responses-format.js';
import { responsesProtocol } from '../../protocols/openai-responses/responses-protocol.js';
import { InvalidRequestError } from '../../errors/index.js';
import type { RequestContext } from '../request-context.js';
import { createGenerationHandler, type AnswerKeeper, type PreparedGeneration } from './generation-handler.js';
import type { GenerationRequest } from './read-generation-request.js';

/**
 * `POST /v1/responses` (and `/responses`, where Codex CLI posts under a base URL ending in /v1):
 * the shared generation flow in the Responses API's format, around Lifeline's response store.
 *
 * - `previous_response_id` is expanded before routing: the kept input and output of that response,
 *   then the new input, so any target (another provider after a failover included) gets the whole
 *   conversation. The id itself is not sent on: a same-format OpenAI target may not know an id
 *   Lifeline or another provider minted, so it gets the expanded input too.
 * - With `store` true (the API's default) the answer, as the client got it, is kept with that
 *   input before its last byte leaves, so the client's next turn finds it.
 */
export const responsesHandler = createGenerationHandler(responsesProtocol, [], { prepareRequest: prepareResponsesRequest });

async function prepareResponsesRequest(read: GenerationRequest, context: RequestContext): Promise<PreparedGeneration> {
  const stored = context.app.responses;
  const body = read.passthrough.body;
  const owner = context.clientKey?.name;
  const keeping = stored !== undefined && body.store !== false;
  const previousId = body.previous_response_id;
  if (typeof previousId !== 'string' || previousId === '') {
    const sent = inputItemsOf(body.input);
    const input = withoutMintedReasoning(sent);
    // A history replaying reasoning Lifeline rendered (after a failover) is routed without it.
    const prepared = input === sent ? read : reparsed(read, { ...body, input });
    return keeping ? { ...prepared, keeper: responseKeeper(context, input, owner, true) } : prepared;
  }
  const previous = await stored?.find(previousId, owner);
  if (!previous) throw new InvalidRequestError(`Previous response with id '${previousId}' not found.`, { param: 'previous_response_id', statusCode: 404 });
  const input = withoutMintedReasoning(continuedInput(previous.input, previous.response, body.input));
  const { previous_response_id: _named, ...rest } = body;
  const expanded = { ...rest, input };
  const request = responsesProtocol.parseRequest(expanded);
  // The Response object still names the previous response, as the API's does.
  request.providerOptions = { ...request.providerOptions, [RESPONSES_FORMAT]: { ...request.providerOptions?.[RESPONSES_FORMAT], previous_response_id: previousId } };
  return {
    request,
    passthrough: { ...read.passthrough, body: expanded },
    keeper: { ...responseKeeper(context, input, owner, keeping), restate: namingPrevious(previousId) },
  };
}

function reparsed(read: GenerationRequest, body: Record<string, unknown>): PreparedGeneration {
  return { ...read, request: responsesProtocol.parseRequest(body), passthrough: { ...read.passthrough, body } };
}

/**
 * A passed-through answer names no previous response (the provider was not told one); the
 * client named one, and the API's answer repeats it. Compact JSON as providers send it; inside a
 * JSON string the quotes would be escaped, so only the member itself can match.
 */
function namingPrevious(previousId: string): (text: string) => string {
  const named = `"previous_response_id":${JSON.stringify(previousId)}`;
  return (text) => (text.includes('"previous_response_id":null') ? text.replaceAll('"previous_response_id":null', named) : text);
}

/**
 * How long the end of an answer waits for its keeping. A healthy store takes milliseconds; a
 * database that stopped answering would otherwise hold every answer for its connect timeout,
 * so past this the write carries on (or fails, logged) behind the answer.
 */
const KEEP_WAIT_MS = 1_000;

/** Keeps the answer with the input that produced it (when `keeping`); a failure to keep is logged, never the client's error. */
function responseKeeper(context: RequestContext, input: unknown[], owner: string | undefined, keeping: boolean): AnswerKeeper {
  const write = async (response: Record<string, unknown>): Promise<void> => {
    try {
      const notKept = await context.app.responses!.keep({ response, input }, owner);
      if (notKept) context.app.logger.warn({ requestId: context.requestId, reason: notKept }, 'response not stored: a previous_response_id naming it will get 404');
    } catch (error) {
      context.app.logger.warn({ err: error, requestId: context.requestId }, 'response not stored (the store failed): a previous_response_id naming it will get 404');
    }
  };
  const keep = (response: Record<string, unknown>): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, KEEP_WAIT_MS);
      timer.unref();
      void write(response).finally(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  return {
    async answer(body) {
      if (!keeping) return;
      if (typeof body !== 'string') return keep(body);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        // Sent to the client as it came; nothing that could be continued from.
        return;
      }
      if (parsed !== null && typeof parsed === 'object') await keep(parsed as Record<string, unknown>);
    },
    streamed(text) {
      const response = keeping ? finalResponseInEvents(text) : undefined;
      return response ? keep(response) : undefined;
    },
  };
}
