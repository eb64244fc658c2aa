import { continuePlan, splitContinuation } from '../continuation.js';
import { deliverJson, deliverStream, type StreamFaultFrames } from '../deliver-response.js';
import { estimateTokens } from '../estimate-tokens.js';
import type { Exchange } from '../exchange.js';
import { planReply } from '../planned-reply.js';
import type { SimulatorContext } from '../simulator-context.js';
import type { FaultSpec } from '../types.js';
import { bedrockHeaders } from './bedrock-errors.js';
import { converseEventMessage, corruptedConverseEventMessage, exceptionMessage } from './bedrock-event-stream.js';
import { converseConversationFacts, converseConversationProblem } from './converse-conversation.js';
import { renderConverseResponse, renderConverseStreamFrames } from './converse-render.js';
import { converseRequestSchema } from './converse-request-schema.js';

/** Refuses the request as Bedrock would: a status, the exception, its message. */
export type BedrockRefusal = (status: number | undefined, exception: string, message?: string) => void;

function camel(exception: string): string {
  return exception.charAt(0).toLowerCase() + exception.slice(1);
}

const faultFrames: StreamFaultFrames = {
  errorFrame: (errorType, message) =>
    exceptionMessage(
      camel(errorType && /Exception$/i.test(errorType) ? errorType : 'modelStreamErrorException'),
      message ?? 'The model stream was interrupted.',
      errorType === undefined || /^modelStreamErrorException$/i.test(errorType) ? { originalStatusCode: 500, originalMessage: 'Internal server error' } : {},
    ),
  malformedFrame: () => corruptedConverseEventMessage('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'cut' } }),
  garbageFrame: () => Buffer.from('<html><body><h1>502 Bad Gateway</h1></body></html>'),
  textDeltaFrame: (text) => converseEventMessage('contentBlockDelta', { contentBlockIndex: 0, delta: { text } }),
  // Converse sends nothing while the model thinks; an empty delta is the nearest harmless frame.
  keepAliveFrame: () => converseEventMessage('contentBlockDelta', { contentBlockIndex: 0, delta: { text: '' } }),
};

/**
 * Answers Converse and ConverseStream for an already authenticated caller, as Bedrock Runtime
 * would: the body checked against the API's shape and its conversation rules, the scripted reply
 * as a `ConverseResponse` or as ConverseStream's event-stream messages, the remaining fault applied.
 */
export async function answerConverse(exchange: Exchange, context: SimulatorContext, call: { modelId: string; claude: boolean; stream: boolean; requestId: string; fault: FaultSpec | undefined; fail: BedrockRefusal }): Promise<void> {
  const { fail } = call;
  const body = exchange.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return fail(400, 'ValidationException', exchange.bodyIsInvalidJson ? 'Malformed input request: expected a JSON object, please reformat your input and try again.' : 'Malformed input request: request body is required.');
  }
  const parsed = converseRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map(String).join('.') ?? 'body';
    return fail(400, 'ValidationException', issue?.code === 'unrecognized_keys' ? `1 validation error detected: ${path === '' ? '' : `${path}: `}extraneous key [${issue.keys.join(', ')}] is not permitted` : `1 validation error detected: Value at '${path}' failed to satisfy constraint: ${issue?.message ?? 'Invalid input'}`);
  }
  const request = parsed.data;
  const problem = converseConversationProblem(request);
  if (problem) return fail(400, 'ValidationException', problem);

  const messages = (request.messages ?? []).map((message) => ({ role: message.role, content: message.content.map((block) => block.text ?? '').join(''), original: message }));
  const continuation = splitContinuation(messages);
  const facts = converseConversationFacts({ ...request, messages: continuation.messages.map((message) => message.original) }, call.modelId);
  const answer = continuePlan(planReply(context.script.isEmpty ? undefined : context.script.pick(facts), context.defaultReplyText), continuation.request, context.continuation);
  // Converse continues a trailing assistant turn; it never refuses one.
  const plan = 'plan' in answer ? answer.plan : planReply(undefined, context.defaultReplyText);
  const total = estimateTokens(facts.inputCharacters);
  const cached = hasCachePoint(request) ? Math.floor(total / 2) : 0;
  const input = { plan, inputTokens: total - cached, cacheReadTokens: cached, chunkCount: context.chunkCount, claude: call.claude };
  if (call.stream) {
    return deliverStream(exchange.response, bedrockHeaders(call.requestId, 'application/vnd.amazon.eventstream'), renderConverseStreamFrames(input), call.fault, context.chunkDelayMs, faultFrames);
  }
  return deliverJson(exchange.response, bedrockHeaders(call.requestId), renderConverseResponse(input), call.fault, context.chunkCount);
}

/** The Converse body's token count, as CountTokens answers for `input.converse`. */
export function countConverseTokens(body: unknown, modelId: string): { inputTokens: number } | { problem: string } {
  const parsed = converseRequestSchema.pick({ messages: true, system: true, toolConfig: true, additionalModelRequestFields: true }).safeParse(body);
  if (!parsed.success) return { problem: `1 validation error detected: Value at 'input.converse.${parsed.error.issues[0]?.path.map(String).join('.') ?? ''}' failed to satisfy constraint: ${parsed.error.issues[0]?.message ?? 'Invalid input'}` };
  return { inputTokens: estimateTokens(converseConversationFacts(parsed.data, modelId).inputCharacters) };
}

/** The simulated cache holds every prefix it is sent: a cache point is always a read. */
function hasCachePoint(request: { messages?: Array<{ content: Array<{ cachePoint?: unknown }> }>; system?: Array<{ cachePoint?: unknown }>; toolConfig?: { tools: Array<{ cachePoint?: unknown }> } }): boolean {
  const blocks = [...(request.system ?? []), ...(request.toolConfig?.tools ?? []), ...(request.messages ?? []).flatMap((message) => message.content)];
  return blocks.some((block) => block.cachePoint);
}
