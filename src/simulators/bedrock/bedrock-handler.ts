import { findClaudeModel } from '../../providers/claude-models/claude-model-ids.js';
import { hasField } from '../body-fields.js';
import { continuePlan, PREFILL_REJECTION, splitContinuation } from '../continuation.js';
import { deliverJson, deliverStream, type StreamFaultFrames } from '../deliver-response.js';
import { takeEarlyFault } from '../early-fault.js';
import { estimateTokens } from '../estimate-tokens.js';
import { sendJson, type Exchange } from '../exchange.js';
import { planReply } from '../planned-reply.js';
import { randomHex } from '../random-id.js';
import type { SimulatorContext } from '../simulator-context.js';
import { anthropicConversationFacts, findUnansweredToolUse } from '../anthropic/anthropic-conversation.js';
import { renderAnthropicMessage, renderAnthropicStreamFrames } from '../anthropic/anthropic-render.js';
import { anthropicMessagesRequestSchema } from '../anthropic/anthropic-request-schema.js';
import { bedrockError, bedrockHeaders } from './bedrock-errors.js';
import { chunkMessage, corruptedChunkMessage, exceptionMessage } from './bedrock-event-stream.js';
import { verifySigV4 } from './bedrock-sigv4.js';
import { answerConverse, countConverseTokens, type BedrockRefusal } from './converse-handler.js';

/**
 * Bedrock's own `anthropic_version`, or an Anthropic API version (the Anthropic Bedrock SDK moves
 * its `anthropic-version` header, `2026-10-21` in SDK 1.x, into the body as it is).
 */
const BEDROCK_VERSION = /^(bedrock-2023-05-31|\d{4}-\d{2}-\d{2})$/;
/** Betas Bedrock takes (the same list Lifeline's adapter sends; anything else is "invalid beta flag"). */
const ACCEPTED_BETAS = new Set([
  'claude-code-20250219', 'computer-use-2024-10-22', 'computer-use-2025-01-24', 'computer-use-2025-11-24', 'token-efficient-tools-2025-02-19',
  'interleaved-thinking-2025-05-14', 'output-128k-2025-02-19', 'dev-full-thinking-2025-05-14', 'context-1m-2025-08-07', 'context-management-2025-06-27',
  'effort-2025-11-24', 'tool-search-tool-2025-10-19', 'tool-examples-2025-10-29', 'structured-outputs-2025-12-15',
]);
const ROUTE = /^\/model\/([^/]+)\/(invoke|invoke-with-response-stream|converse|converse-stream|count-tokens)$/;
/** Ids of other vendors' models the simulated account serves through Converse. */
const OTHER_MODEL = /^((us|eu|apac|global)\.)?(amazon|meta|mistral|cohere|ai21|deepseek|qwen|openai|writer)\.[a-z0-9][a-z0-9.:_-]*$/;
/** What the simulators' thinking signatures look like; anything else "does not verify". */
const SIGNATURE = /^Eq[A-Za-z0-9+/=]{100,}$/;

function camel(exception: string): string {
  return exception.charAt(0).toLowerCase() + exception.slice(1);
}

const faultFrames: StreamFaultFrames = {
  // A fault naming an Anthropic error type gets it inside a chunk; otherwise a Bedrock exception frame.
  errorFrame: (errorType, message) =>
    errorType && !/Exception$/.test(errorType)
      ? chunkMessage(JSON.stringify({ type: 'error', error: { type: errorType, message: message ?? 'Overloaded' } }))
      : exceptionMessage(camel(errorType ?? 'modelStreamErrorException'), message ?? 'The model stream was interrupted.', errorType === undefined || errorType === 'ModelStreamErrorException' || errorType === 'modelStreamErrorException' ? { originalStatusCode: 500, originalMessage: 'Internal server error' } : {}),
  malformedFrame: () => corruptedChunkMessage('{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"cut"}}'),
  garbageFrame: () => Buffer.from('<html><body><h1>502 Bad Gateway</h1></body></html>'),
  textDeltaFrame: (text) => chunkMessage(JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })),
  keepAliveFrame: () => chunkMessage('{"type":"ping"}'),
};

/** The JSON of each Anthropic SSE frame, as Bedrock carries it in chunk events. */
function frameData(frame: string): string {
  return frame.slice(frame.indexOf('data: ') + 6).trimEnd();
}

/**
 * Answers one request the way Bedrock Runtime would: InvokeModel and
 * InvokeModelWithResponseStream for Claude, the model in the path, the Anthropic Messages body
 * with `anthropic_version: bedrock-2023-05-31` and betas in `anthropic_beta`; SigV4 verified
 * against the configured credentials; the stream as binary event-stream chunks; errors and
 * in-stream exceptions as Bedrock's own.
 */
export async function handleBedrockRequest(exchange: Exchange, context: SimulatorContext): Promise<void> {
  const requestId = `${randomHex(8)}-${randomHex(4)}-${randomHex(4)}-${randomHex(4)}-${randomHex(12)}`;
  const { response, request } = exchange;
  const fail = (status: number | undefined, exception: string, message?: string): void => {
    const error = bedrockError(requestId, { ...(status !== undefined ? { status } : {}), exception, ...(message !== undefined ? { message } : {}) });
    sendJson(response, error.status, error.headers, error.body);
  };
  const route = exchange.method === 'POST' ? ROUTE.exec(exchange.path) : null;
  if (!route) return fail(404, 'UnknownOperationException', 'Unknown operation');
  const bearer = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
  if (bearer !== undefined) {
    // A Bedrock API key: no signature, the key itself is the credential.
    if (!context.aws?.apiKeys.includes(bearer)) {
      const error = bedrockError(requestId, { status: 403, exception: 'AccessDeniedException' });
      return sendJson(response, 403, error.headers, JSON.stringify({ Message: 'Authentication failed: Please make sure your API Key is valid.' }));
    }
  } else {
    const refusal = await verifySigV4(
      { method: exchange.method, path: exchange.path, query: exchange.query, headers: request.headers, body: exchange.bodyText ?? '' },
      { region: context.aws?.region ?? 'us-east-1', credentials: context.aws?.credentials },
    );
    if (refusal) return fail(refusal.exception === 'IncompleteSignatureException' ? 400 : 403, refusal.exception, refusal.message);
  }
  // Faults match on the credential: the access key id, or the API key.
  const accessKeyId = bearer ?? /Credential=([^/]+)\//.exec(String(request.headers.authorization))?.[1];
  const modelId = decodeURIComponent(route[1]!);
  const action = route[2]!;
  const isStream = action === 'invoke-with-response-stream' || action === 'converse-stream';

  const early = await takeEarlyFault(context.faults, exchange, { path: exchange.path, model: modelId, key: accessKeyId, stream: isStream }, {
    statusError: (fault) => bedrockError(requestId, { status: fault.status, ...(fault.errorType ? { exception: fault.errorType } : {}), ...(fault.message ? { message: fault.message } : {}), ...(fault.headers ? { headers: fault.headers } : {}) }),
    errorEventAsStatus: (errorType, message) => bedrockError(requestId, { exception: errorType && /Exception$/.test(errorType) ? errorType.charAt(0).toUpperCase() + errorType.slice(1) : 'ModelStreamErrorException', ...(message ? { message } : {}), status: 424 }),
  });
  if (early === 'answered') return;
  const fault = early.remaining;

  const row = findClaudeModel(modelId);
  const converse = action === 'converse' || action === 'converse-stream';
  if (action === 'count-tokens' && OTHER_MODEL.test(modelId)) return fail(400, 'ValidationException', "The provided model doesn't support counting tokens.");
  if (!row && !modelId.startsWith('arn:') && !(converse && OTHER_MODEL.test(modelId))) return fail(400, 'ValidationException', 'The provided model identifier is invalid.');
  if (context.strictModels && !context.models.includes(modelId)) return fail(403, 'AccessDeniedException', "You don't have access to the model with the specified model ID.");
  if (converse) return answerConverse(exchange, context, { modelId, claude: row !== undefined, stream: isStream, requestId, fault, fail });
  if (action === 'count-tokens') return answerCountTokens(exchange, modelId, fail, (inputTokens) => deliverJson(response, bedrockHeaders(requestId), JSON.stringify({ inputTokens }), fault, context.chunkCount));

  const body = exchange.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return fail(400, 'ValidationException', exchange.bodyIsInvalidJson ? 'Malformed input request: expected a JSON object, please reformat your input and try again.' : 'Malformed input request: request body is required.');
  }
  for (const key of ['model', 'stream']) {
    if (hasField(body, key)) return fail(400, 'ValidationException', `Malformed input request: #: extraneous key [${key}] is not permitted, please reformat your input and try again.`);
  }
  const fields = body as Record<string, unknown>;
  if (typeof fields['anthropic_version'] !== 'string' || !BEDROCK_VERSION.test(fields['anthropic_version'])) {
    return fail(400, 'ValidationException', fields['anthropic_version'] === undefined ? 'Malformed input request: #: required key [anthropic_version] not found, please reformat your input and try again.' : 'Invalid API version');
  }
  const betas = fields['anthropic_beta'];
  if (betas !== undefined && (!Array.isArray(betas) || betas.some((beta) => typeof beta !== 'string' || !ACCEPTED_BETAS.has(beta)))) {
    return fail(400, 'ValidationException', 'invalid beta flag');
  }
  for (const key of ['max_tokens', 'messages']) {
    if (!hasField(body, key)) return fail(400, 'ValidationException', `Malformed input request: #: required key [${key}] not found, please reformat your input and try again.`);
  }
  const servedModel = row?.anthropic ?? modelId;
  const parsed = anthropicMessagesRequestSchema.safeParse({ ...fields, model: servedModel });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(400, 'ValidationException', `${issue?.path.join('.') ?? 'body'}: ${issue?.message ?? 'Invalid input'}`);
  }
  const validBody = parsed.data;
  const badSignature = findUnverifiableSignature(validBody.messages);
  if (badSignature) return fail(400, 'ValidationException', `${badSignature}: Invalid \`signature\` in \`thinking\` block`);
  const unanswered = findUnansweredToolUse(validBody.messages);
  if (unanswered) {
    return fail(400, 'ValidationException', `messages.${unanswered.messageIndex}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${unanswered.ids.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`);
  }

  const continuation = splitContinuation(validBody.messages);
  const facts = anthropicConversationFacts({ ...validBody, messages: continuation.messages });
  const inputTokens = estimateTokens(facts.inputCharacters);
  const answer = continuePlan(planReply(context.script.isEmpty ? undefined : context.script.pick(facts), context.defaultReplyText), continuation.request, context.continuation);
  if ('rejectPrefill' in answer) return fail(400, 'ValidationException', PREFILL_REJECTION.anthropic);
  const renderInput = { plan: answer.plan, model: servedModel, inputTokens, chunkCount: context.chunkCount };
  if (isStream) {
    const frames = renderAnthropicStreamFrames(renderInput).map((frame) => {
      const data = frameData(frame);
      if (!data.startsWith('{"type":"message_stop"')) return chunkMessage(data);
      // Bedrock adds its own metrics to the last event.
      return chunkMessage(JSON.stringify({ type: 'message_stop', 'amazon-bedrock-invocationMetrics': { inputTokenCount: inputTokens, outputTokenCount: 1, invocationLatency: 1, firstByteLatency: 1 } }));
    });
    return deliverStream(response, { ...bedrockHeaders(requestId, 'application/vnd.amazon.eventstream'), 'x-amzn-bedrock-content-type': 'application/json' }, frames, fault, context.chunkDelayMs, faultFrames);
  }
  const message = renderAnthropicMessage(renderInput);
  return deliverJson(response, { ...bedrockHeaders(requestId), 'x-amzn-bedrock-invocation-latency': '1', 'x-amzn-bedrock-input-token-count': String(inputTokens), 'x-amzn-bedrock-output-token-count': '1' }, message, fault, context.chunkCount);
}

/** `messages.N.content.M` of the first thinking block whose signature does not verify. */
function findUnverifiableSignature(messages: ReadonlyArray<{ role: string; content: unknown }>): string | undefined {
  for (const [messageIndex, message] of messages.entries()) {
    if (message.role !== 'assistant' || !Array.isArray(message.content)) continue;
    for (const [blockIndex, block] of (message.content as Array<{ type?: unknown; signature?: unknown }>).entries()) {
      if (block.type === 'thinking' && !(typeof block.signature === 'string' && SIGNATURE.test(block.signature))) return `messages.${messageIndex}.content.${blockIndex}`;
    }
  }
  return undefined;
}

/**
 * CountTokens (`/model/{modelId}/count-tokens`): the input is an InvokeModel body (base64 of the
 * Anthropic Messages body, as it would be sent) or a Converse body; the answer `{"inputTokens": N}`.
 */
async function answerCountTokens(exchange: Exchange, modelId: string, fail: BedrockRefusal, answer: (inputTokens: number) => Promise<void>): Promise<void> {
  const input = (exchange.body as { input?: { invokeModel?: { body?: unknown }; converse?: unknown } } | undefined)?.input;
  if (typeof input !== 'object' || input === null || (input.invokeModel === undefined) === (input.converse === undefined)) {
    return fail(400, 'ValidationException', '1 validation error detected: Value at \'input\' failed to satisfy constraint: exactly one of invokeModel or converse must be set');
  }
  if (input.converse !== undefined) {
    const counted = countConverseTokens(input.converse, modelId);
    return 'problem' in counted ? fail(400, 'ValidationException', counted.problem) : answer(counted.inputTokens);
  }
  const encoded = input.invokeModel?.body;
  let decoded: unknown;
  try {
    decoded = typeof encoded === 'string' ? JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) : undefined;
  } catch {
    decoded = undefined;
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) return fail(400, 'ValidationException', 'Malformed input request: input.invokeModel.body is not base64 of a JSON object, please reformat your input and try again.');
  const parsed = anthropicMessagesRequestSchema.safeParse({ ...(decoded as Record<string, unknown>), model: findClaudeModel(modelId)?.anthropic ?? modelId });
  if (!parsed.success) return fail(400, 'ValidationException', `${parsed.error.issues[0]?.path.join('.') ?? 'body'}: ${parsed.error.issues[0]?.message ?? 'Invalid input'}`);
  return answer(estimateTokens(anthropicConversationFacts(parsed.data).inputCharacters));
}
