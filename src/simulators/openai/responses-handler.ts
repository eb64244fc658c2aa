import { deliverJson, deliverStream, type StreamFaultFrames } from '../deliver-response.js';
import { estimateTokens } from '../estimate-tokens.js';
import type { Exchange } from '../exchange.js';
import { continuePlan, PREFILL_REJECTION } from '../continuation.js';
import { planReply } from '../planned-reply.js';
import type { SimulatorContext } from '../simulator-context.js';
import type { FaultSpec } from '../types.js';
import type { OpenaiErrorOptions } from './openai-errors.js';
import { openaiJsonHeaders, openaiStreamHeaders } from './openai-headers.js';
import { splitResponsesContinuation } from './responses-continuation.js';
import { findUnansweredCall, findUnknownReasoningItem, responsesConversationFacts, unknownReasoningMessage } from './responses-conversation.js';
import { renderResponsesFrames, renderResponsesJson } from './responses-render.js';
import { responsesRequestSchema } from './responses-request-schema.js';

/** Request fields a Response object repeats back. */
const ECHOED = ['instructions', 'max_output_tokens', 'parallel_tool_calls', 'previous_response_id', 'reasoning', 'store', 'text', 'tool_choice', 'tools', 'metadata'];

/** Stream faults in the Responses framing: a failure mid-stream is `error` then `response.failed`. */
const responsesFaultFrames: StreamFaultFrames = {
  errorFrame: (errorType, message) => {
    const code = errorType ?? 'server_error';
    const text = message ?? 'The server had an error while processing your request. Sorry about that!';
    return (
      `event: error\ndata: ${JSON.stringify({ type: 'error', sequence_number: 9000, code, message: text, param: null })}\n\n` +
      `event: response.failed\ndata: ${JSON.stringify({ type: 'response.failed', sequence_number: 9001, response: { id: 'resp_failed', object: 'response', status: 'failed', error: { code, message: text }, output: [], usage: null } })}\n\n`
    );
  },
  malformedFrame: () => 'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":4,"delta":"cut sh\n\n',
  garbageFrame: () => 'data: <html><body><h1>502 Bad Gateway</h1></body></html>\n\n',
  textDeltaFrame: (text) =>
    `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":0,"item_id":"msg_sim","output_index":0,"content_index":0,"delta":${JSON.stringify(text)},"logprobs":[]}\n\n`,
  keepAliveFrame: () => ': keep-alive\n\n',
};

/**
 * Answers `POST /v1/responses` the way OpenAI's Responses API would: validation errors in its
 * wording, scripted replies as reasoning / message / function_call items, streamed with numbered
 * events, and the same stream faults as Chat Completions in this framing. It keeps no responses, so
 * any `previous_response_id` is unknown (404). A continuation (input ending with the cut assistant
 * message, or that and a user message asking to continue) is answered by the simulator's
 * continuation mode, as on Chat Completions.
 */
export async function answerResponses(
  exchange: Exchange,
  context: SimulatorContext,
  requestId: string,
  fault: FaultSpec | undefined,
  fail: (status: number, options: OpenaiErrorOptions) => void,
): Promise<void> {
  const { body, response } = exchange;
  const parsed = responsesRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = issue?.path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`)).join('').replace(/^\./, '') ?? '';
    return fail(400, { message: `Invalid value for '${param}': ${issue?.message ?? 'invalid input'}`, errorCode: 'invalid_value', param });
  }
  const request = parsed.data;
  if (request.previous_response_id) {
    return fail(404, { message: `Previous response with id '${request.previous_response_id}' not found.`, errorCode: 'previous_response_not_found', param: 'previous_response_id' });
  }
  if (context.strictModels && !context.models.includes(request.model)) {
    return fail(404, { message: `The model \`${request.model}\` does not exist or you do not have access to it.`, errorCode: 'model_not_found' });
  }
  const unknownReasoning = findUnknownReasoningItem(request, context.reasoningItemIds);
  if (unknownReasoning !== undefined) return fail(404, { message: unknownReasoningMessage(unknownReasoning, request.store !== false), errorCode: null, param: 'input' });
  const unanswered = findUnansweredCall(request);
  if (unanswered) return fail(400, { message: `No tool output found for function call ${unanswered}.`, errorCode: null, param: 'input' });

  const split = splitResponsesContinuation(request);
  const facts = responsesConversationFacts(split.request);
  const answer = continuePlan(planReply(context.script.isEmpty ? undefined : context.script.pick(facts), context.defaultReplyText), split.continuation, context.continuation);
  if ('rejectPrefill' in answer) return fail(400, { message: PREFILL_REJECTION.openai, errorCode: null, param: 'input' });
  const plan = answer.plan;
  const echo: Record<string, unknown> = {};
  for (const field of ECHOED) if ((body as Record<string, unknown>)[field] !== undefined) echo[field] = (body as Record<string, unknown>)[field];
  const renderInput = {
    plan,
    model: request.model,
    inputTokens: estimateTokens(facts.inputCharacters),
    chunkCount: context.chunkCount,
    includeEncryptedReasoning: request.include?.includes('reasoning.encrypted_content') === true,
    issuedReasoningIds: context.reasoningItemIds,
    echo,
  };
  if (request.stream === true) {
    return deliverStream(response, openaiStreamHeaders(requestId), renderResponsesFrames(renderInput), fault, context.chunkDelayMs, responsesFaultFrames);
  }
  return deliverJson(response, openaiJsonHeaders(requestId), renderResponsesJson(renderInput), fault, context.chunkCount);
}
