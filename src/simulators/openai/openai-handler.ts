import { bearerKey, isKeyAccepted } from '../api-key.js';
import { hasField, isStreamRequest, stringField } from '../body-fields.js';
import { deliverJson, deliverStream, type StreamFaultFrames } from '../deliver-response.js';
import { takeEarlyFault } from '../early-fault.js';
import { estimateTokens } from '../estimate-tokens.js';
import { sendJson, type Exchange } from '../exchange.js';
import { continuePlan, PREFILL_REJECTION, splitContinuation } from '../continuation.js';
import { planReply } from '../planned-reply.js';
import { openaiRequestId } from '../random-id.js';
import type { SimulatorContext } from '../simulator-context.js';
import { findUnansweredToolCalls, openaiConversationFacts } from './openai-conversation.js';
import { openaiErrorEnvelope, openaiErrorResponse, type OpenaiErrorOptions } from './openai-errors.js';
import { openaiJsonHeaders, openaiStreamHeaders } from './openai-headers.js';
import { openaiModelObject, openaiModelsList } from './openai-models.js';
import { renderOpenaiCompletion, renderOpenaiStreamFrames } from './openai-render.js';
import { openaiChatRequestSchema } from './openai-request-schema.js';
import { answerResponses } from './responses-handler.js';

const MODELS_PREFIX = '/models/';

type Route = { kind: 'chat' } | { kind: 'responses' } | { kind: 'models' } | { kind: 'model'; id: string };

function routeOf(method: string, fullPath: string): Route | undefined {
  // Accept paths with and without /v1: compatible providers are configured both ways.
  const path = fullPath.startsWith('/v1/') ? fullPath.slice(3) : fullPath;
  if (method === 'POST' && path === '/chat/completions') return { kind: 'chat' };
  if (method === 'POST' && path === '/responses') return { kind: 'responses' };
  if (method === 'GET' && path === '/models') return { kind: 'models' };
  if (method === 'GET' && path.startsWith(MODELS_PREFIX) && path.length > MODELS_PREFIX.length) {
    return { kind: 'model', id: decodeURIComponent(path.slice(MODELS_PREFIX.length)) };
  }
  return undefined;
}

function maskKey(key: string): string {
  return key.length > 8 ? `${key.slice(0, 3)}${'*'.repeat(Math.min(28, key.length - 7))}${key.slice(-4)}` : '****';
}

const NOT_JSON_MESSAGE =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)";
const NO_KEY_MESSAGE =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.";

const faultFrames: StreamFaultFrames = {
  errorFrame: (errorType, message) =>
    `data: ${openaiErrorEnvelope(500, { ...(errorType !== undefined && { errorType }), ...(message !== undefined && { message }) })}\n\n`,
  malformedFrame: () =>
    'data: {"id":"chatcmpl-broken","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"cut sh\n\n',
  garbageFrame: () => 'data: <html><body><h1>502 Bad Gateway</h1></body></html>\n\n',
  textDeltaFrame: (text) =>
    `data: {"id":"chatcmpl-sim","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":${JSON.stringify(text)}},"logprobs":null,"finish_reason":null}]}\n\n`,
  // Compatible servers and routers (OpenRouter) send comment lines while the model is busy.
  keepAliveFrame: () => ': keep-alive\n\n',
};

function statusForErrorType(errorType: string | undefined): number {
  if (errorType === 'rate_limit_exceeded' || errorType === 'tokens' || errorType === 'requests') return 429;
  if (errorType === 'invalid_request_error') return 400;
  return 500;
}

/** Answers one request the way the OpenAI API would: Chat Completions, the Responses API, models. */
export async function handleOpenaiRequest(exchange: Exchange, context: SimulatorContext): Promise<void> {
  const requestId = openaiRequestId();
  const { response, request, body } = exchange;
  const fail = (status: number, options: OpenaiErrorOptions): void => {
    const error = openaiErrorResponse(status, requestId, options);
    sendJson(response, error.status, error.headers, error.body);
  };

  const route = routeOf(exchange.method, exchange.path);
  if (!route) {
    return fail(404, {
      message: `Invalid URL (${exchange.method} ${exchange.path})`,
      errorCode: null,
    });
  }
  const key = exchange.authenticatedKey ?? bearerKey(request.headers);
  if (exchange.authenticatedKey === undefined && !isKeyAccepted(key, context.keys)) {
    if (!key) return fail(401, { message: NO_KEY_MESSAGE, errorCode: null });
    return fail(401, {
      message: `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    });
  }

  const isStream = (route.kind === 'chat' || route.kind === 'responses') && isStreamRequest(body);
  const early = await takeEarlyFault(
    context.faults,
    exchange,
    { path: exchange.path, model: route.kind === 'model' ? route.id : stringField(body, 'model'), key, stream: isStream },
    {
      statusError: (statusFault) => openaiErrorResponse(statusFault.status, requestId, statusFault),
      errorEventAsStatus: (errorType, message) => openaiErrorResponse(statusForErrorType(errorType), requestId, { errorType, message }),
    },
  );
  if (early === 'answered') return;
  const fault = early.remaining;

  if (route.kind === 'models') {
    const list = JSON.stringify(openaiModelsList(context.models));
    return deliverJson(response, openaiJsonHeaders(requestId), list, fault, context.chunkCount);
  }
  if (route.kind === 'model') {
    const position = context.models.indexOf(route.id);
    if (position < 0) {
      return fail(404, { message: `The model '${route.id}' does not exist`, param: 'model' });
    }
    const model = JSON.stringify(openaiModelObject(route.id, position));
    return deliverJson(response, openaiJsonHeaders(requestId), model, fault, context.chunkCount);
  }

  if (body === undefined) return fail(400, { message: NOT_JSON_MESSAGE, errorCode: null });
  if (!hasField(body, 'model')) return fail(400, { message: 'you must provide a model parameter', errorCode: null });
  if (route.kind === 'responses') return answerResponses(exchange, context, requestId, fault, fail);
  if (!hasField(body, 'messages')) {
    return fail(400, {
      message: "Missing required parameter: 'messages'.",
      errorCode: 'missing_required_parameter',
      param: 'messages',
    });
  }
  const parsed = openaiChatRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = issue?.path.join('.') ?? '';
    return fail(400, {
      message: `Invalid value for '${param}': ${issue?.message ?? 'invalid input'}`,
      errorCode: 'invalid_value',
      param,
    });
  }
  const validBody = parsed.data;
  if (validBody.messages.length === 0) {
    return fail(400, {
      message: "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      errorCode: 'empty_array',
      param: 'messages',
    });
  }
  if (context.strictModels && !context.models.includes(validBody.model)) {
    return fail(404, {
      message: `The model \`${validBody.model}\` does not exist or you do not have access to it.`,
      errorCode: 'model_not_found',
    });
  }
  const unanswered = findUnansweredToolCalls(validBody.messages);
  if (unanswered) {
    return fail(400, {
      message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${unanswered.ids.join(', ')}`,
      errorCode: null,
      param: `messages.[${unanswered.messageIndex}].role`,
    });
  }

  const continuation = splitContinuation(validBody.messages);
  const facts = openaiConversationFacts({ ...validBody, messages: continuation.messages });
  const answer = continuePlan(planReply(context.script.isEmpty ? undefined : context.script.pick(facts), context.defaultReplyText), continuation.request, context.continuation);
  if ('rejectPrefill' in answer) return fail(400, { message: PREFILL_REJECTION.openai, errorCode: null, param: 'messages' });
  const plan = answer.plan;
  const renderInput = {
    plan,
    model: validBody.model,
    inputTokens: estimateTokens(facts.inputCharacters),
    chunkCount: context.chunkCount,
    includeUsage: validBody.stream_options?.include_usage === true,
  };
  if (isStream) {
    const frames = renderOpenaiStreamFrames(renderInput);
    return deliverStream(response, openaiStreamHeaders(requestId), frames, fault, context.chunkDelayMs, faultFrames);
  }
  return deliverJson(response, openaiJsonHeaders(requestId), renderOpenaiCompletion(renderInput), fault, context.chunkCount);
}
