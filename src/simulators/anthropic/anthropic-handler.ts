import type { ZodType } from 'zod';
import { anthropicKey, isKeyAccepted } from '../api-key.js';
import { hasField, isStreamRequest, stringField } from '../body-fields.js';
import { deliverJson, deliverStream, type StreamFaultFrames } from '../deliver-response.js';
import { takeEarlyFault } from '../early-fault.js';
import { estimateTokens } from '../estimate-tokens.js';
import { sendJson, type Exchange } from '../exchange.js';
import { continuePlan, PREFILL_REJECTION, splitContinuation } from '../continuation.js';
import { planReply } from '../planned-reply.js';
import { anthropicRequestId } from '../random-id.js';
import type { SimulatorContext } from '../simulator-context.js';
import { anthropicConversationFacts, findUnansweredToolUse } from './anthropic-conversation.js';
import {
  anthropicErrorEnvelope,
  anthropicErrorResponse,
  anthropicStatusForErrorType,
  type AnthropicErrorOptions,
} from './anthropic-errors.js';
import { anthropicJsonHeaders, anthropicStreamHeaders } from './anthropic-headers.js';
import { anthropicModelInfo, anthropicModelsPage } from './anthropic-models.js';
import { renderAnthropicMessage, renderAnthropicStreamFrames } from './anthropic-render.js';
import {
  anthropicCountTokensRequestSchema,
  anthropicMessagesRequestSchema,
  type AnthropicCountTokensRequest,
} from './anthropic-request-schema.js';

/** The version that removed temperature/top_p/top_k (SDK 1.x sends it). */
const VERSION_WITHOUT_SAMPLING = '2026-10-21';
const REMOVED_SAMPLING_FIELDS = ['temperature', 'top_p', 'top_k'] as const;
const MODELS_PREFIX = '/v1/models/';

export type Route =
  | { kind: 'messages' }
  | { kind: 'count-tokens' }
  | { kind: 'models' }
  | { kind: 'model'; id: string };

function routeOf(method: string, path: string): Route | undefined {
  if (method === 'POST' && path === '/v1/messages') return { kind: 'messages' };
  if (method === 'POST' && path === '/v1/messages/count_tokens') return { kind: 'count-tokens' };
  if (method === 'GET' && path === '/v1/models') return { kind: 'models' };
  if (method === 'GET' && path.startsWith(MODELS_PREFIX) && path.length > MODELS_PREFIX.length) {
    return { kind: 'model', id: decodeURIComponent(path.slice(MODELS_PREFIX.length)) };
  }
  return undefined;
}

const faultFrames: StreamFaultFrames = {
  errorFrame: (errorType, message) =>
    `event: error\ndata: ${anthropicErrorEnvelope(errorType ?? 'overloaded_error', message ?? 'Overloaded')}\n\n`,
  malformedFrame: () =>
    'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"cut sh\n\n',
  garbageFrame: () => 'event: message_start\ndata: <html><body><h1>502 Bad Gateway</h1></body></html>\n\n',
  textDeltaFrame: (text) => `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${JSON.stringify(text)}}}\n\n`,
  keepAliveFrame: () => 'event: ping\ndata: {"type": "ping"}\n\n',
};

/** Answers one request the way the Anthropic API would. */
export async function handleAnthropicRequest(exchange: Exchange, context: SimulatorContext): Promise<void> {
  const requestId = anthropicRequestId();
  const { response, request, body } = exchange;
  const fail = (status: number, options: AnthropicErrorOptions): void => {
    const error = anthropicErrorResponse(status, requestId, options);
    sendJson(response, error.status, error.headers, error.body);
  };

  const route = routeOf(exchange.method, exchange.path);
  if (!route) return fail(404, { message: 'Not Found' });
  const key = exchange.authenticatedKey ?? anthropicKey(request.headers);
  if (exchange.authenticatedKey === undefined && !isKeyAccepted(key, context.keys)) {
    return fail(401, { message: key ? 'invalid x-api-key' : 'x-api-key header is required' });
  }
  const version = request.headers['anthropic-version'];
  if (typeof version !== 'string' || version.length === 0) {
    return fail(400, { message: 'anthropic-version: header is required' });
  }

  return answerAnthropicCall(exchange, context, { route, key, requestId, version });
}

/** A call on the Messages API by a caller already authenticated, as the Anthropic API or a cloud hosting Claude receives it. */
export type AnthropicCall = { route: Route; key: string | undefined; requestId: string; version: string };

/**
 * Answers a Messages, count_tokens or models call for an authenticated caller: faults, validation
 * and the scripted reply. Shared with the clouds that host Claude (Vertex AI's rawPredict).
 */
export async function answerAnthropicCall(exchange: Exchange, context: SimulatorContext, call: AnthropicCall): Promise<void> {
  const { route, key, requestId, version } = call;
  const { response, body } = exchange;
  const fail = (status: number, options: AnthropicErrorOptions): void => {
    const error = anthropicErrorResponse(status, requestId, options);
    sendJson(response, error.status, error.headers, error.body);
  };
  const isStream = route.kind === 'messages' && isStreamRequest(body);
  const early = await takeEarlyFault(
    context.faults,
    exchange,
    { path: exchange.path, model: route.kind === 'model' ? route.id : stringField(body, 'model'), key, stream: isStream },
    {
      statusError: (statusFault) => anthropicErrorResponse(statusFault.status, requestId, statusFault),
      errorEventAsStatus: (errorType, message) => anthropicErrorResponse(anthropicStatusForErrorType(errorType), requestId, { errorType, message }),
    },
  );
  if (early === 'answered') return;
  const fault = early.remaining;

  if (route.kind === 'models') {
    const page = anthropicModelsPage(context.models, new URLSearchParams(exchange.query));
    return deliverJson(response, anthropicJsonHeaders(requestId), JSON.stringify(page), fault, context.chunkCount);
  }
  if (route.kind === 'model') {
    const position = context.models.indexOf(route.id);
    if (position < 0) return fail(404, { message: `model: ${route.id}` });
    const info = JSON.stringify(anthropicModelInfo(route.id, position));
    return deliverJson(response, anthropicJsonHeaders(requestId), info, fault, context.chunkCount);
  }

  if (body === undefined) {
    return fail(400, {
      message: exchange.bodyIsInvalidJson ? 'There was an error parsing the body.' : 'Request body is required.',
    });
  }
  const required = route.kind === 'messages' ? ['max_tokens', 'messages', 'model'] : ['messages', 'model'];
  for (const field of required) if (!hasField(body, field)) return fail(400, { message: `${field}: Field required` });
  const schema: ZodType<AnthropicCountTokensRequest> =
    route.kind === 'messages' ? anthropicMessagesRequestSchema : anthropicCountTokensRequestSchema;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(400, { message: `${issue?.path.join('.') ?? 'body'}: ${issue?.message ?? 'Invalid input'}` });
  }
  const validBody = parsed.data;
  if (version === VERSION_WITHOUT_SAMPLING) {
    for (const field of REMOVED_SAMPLING_FIELDS) {
      if (hasField(body, field)) return fail(400, { message: `${field}: Extra inputs are not permitted` });
    }
  }
  if (context.strictModels && !context.models.includes(validBody.model)) {
    return fail(404, { message: `model: ${validBody.model}` });
  }
  const unanswered = findUnansweredToolUse(validBody.messages);
  if (unanswered) {
    return fail(400, {
      message: `messages.${unanswered.messageIndex}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${unanswered.ids.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
    });
  }

  const continuation = splitContinuation(validBody.messages);
  const facts = anthropicConversationFacts({ ...validBody, messages: continuation.messages });
  const inputTokens = estimateTokens(facts.inputCharacters);
  if (route.kind === 'count-tokens') {
    return deliverJson(
      response,
      anthropicJsonHeaders(requestId),
      `{"input_tokens":${inputTokens}}`,
      fault,
      context.chunkCount,
    );
  }

  const answer = continuePlan(planReply(context.script.isEmpty ? undefined : context.script.pick(facts), context.defaultReplyText), continuation.request, context.continuation);
  if ('rejectPrefill' in answer) return fail(400, { message: PREFILL_REJECTION.anthropic });
  const plan = answer.plan;
  const renderInput = { plan, model: validBody.model, inputTokens, chunkCount: context.chunkCount };
  if (isStream) {
    const frames = renderAnthropicStreamFrames(renderInput);
    return deliverStream(response, anthropicStreamHeaders(requestId), frames, fault, context.chunkDelayMs, faultFrames);
  }
  return deliverJson(response, anthropicJsonHeaders(requestId), renderAnthropicMessage(renderInput), fault, context.chunkCount);
}
