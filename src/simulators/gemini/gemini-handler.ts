import type { IncomingHttpHeaders } from 'node:http';
import { isKeyAccepted } from '../api-key.js';
import { continuePlan, splitContinuation } from '../continuation.js';
import { deliverJson, deliverStream, type StreamFaultFrames } from '../deliver-response.js';
import { takeEarlyFault } from '../early-fault.js';
import { estimateTokens } from '../estimate-tokens.js';
import { sendJson, type Exchange } from '../exchange.js';
import { planReply } from '../planned-reply.js';
import type { SimulatorContext } from '../simulator-context.js';
import { findUnsignedFunctionCall, geminiConversationFacts } from './gemini-conversation.js';
import { googleErrorObject, googleErrorResponse, statusForGoogleErrorType, type GoogleErrorOptions } from './google-errors.js';
import { geminiFrame, newThoughtSignature, renderGeminiResponse, renderGeminiStreamFrames } from './gemini-render.js';
import { geminiCountTokensRequestSchema, geminiRequestSchema, type GeminiRequestBody } from './gemini-request-schema.js';
import { SKIP_THOUGHT_SIGNATURE } from '../../providers/gemini/convert-to-gemini-request.js';

/** The `models/{model}:{method}` calls both Google simulators answer. */
export type GeminiMethod = 'generateContent' | 'streamGenerateContent' | 'countTokens';

const METHODS = new Set<string>(['generateContent', 'streamGenerateContent', 'countTokens']);
/** Signatures remembered at most (oldest forgotten first). */
const MAX_SIGNATURES = 10_000;

/** `gemini-2.5-flash:generateContent` → model and method, when the method is one the simulator knows. */
export function splitModelMethod(segment: string): { model: string; method: GeminiMethod } | undefined {
  const colon = segment.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const method = segment.slice(colon + 1);
  return METHODS.has(method) ? { model: decodeURIComponent(segment.slice(0, colon)), method: method as GeminiMethod } : undefined;
}

const faultFrames: StreamFaultFrames = {
  errorFrame: (errorType, message) => geminiFrame(JSON.stringify({ error: googleErrorObject(statusForGoogleErrorType(errorType), { ...(errorType ? { errorType } : {}), ...(message ? { message } : {}) }) })),
  malformedFrame: () => 'data: {"candidates": [{"content": {"parts": [{"text": "cut sh\r\n\r\n',
  garbageFrame: () => 'data: <html><body><h1>502 Bad Gateway</h1></body></html>\r\n\r\n',
  textDeltaFrame: (text) => geminiFrame(JSON.stringify({ candidates: [{ content: { parts: [{ text }], role: 'model' }, index: 0 }] })),
  keepAliveFrame: () => ': keep-alive\r\n\r\n',
};

/** The API key of a Gemini API request: `x-goog-api-key`, or the `key` query parameter. */
export function geminiApiKey(headers: IncomingHttpHeaders, query: string): string | undefined {
  const header = headers['x-goog-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  return new URLSearchParams(query).get('key') ?? undefined;
}

/** Answers one Gemini API request (`/v1beta/models/…`) the way generativelanguage.googleapis.com would. */
export async function handleGeminiRequest(exchange: Exchange, context: SimulatorContext): Promise<void> {
  const fail = (status: number, options: GoogleErrorOptions): void => {
    const error = googleErrorResponse(status, options);
    sendJson(exchange.response, error.status, error.headers, error.body);
  };
  const match = /^\/(v1beta|v1)\/models(?:\/(.+))?$/.exec(exchange.path);
  if (!match) return fail(404, { message: `Method not found.` });
  const key = geminiApiKey(exchange.request.headers, exchange.query);
  if (!key) {
    return fail(403, { message: 'Method doesn\'t allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.' });
  }
  if (!isKeyAccepted(key, context.keys)) return fail(400, { message: 'API key not valid. Please pass a valid API key.', reason: 'API_KEY_INVALID' });
  if (exchange.method === 'GET' && match[2] === undefined) {
    const models = context.models.map((name) => ({ name: `models/${name}`, displayName: name, supportedGenerationMethods: ['generateContent', 'countTokens'] }));
    return sendJson(exchange.response, 200, { 'content-type': 'application/json; charset=UTF-8' }, JSON.stringify({ models }, null, 2));
  }
  const call = match[2] ? splitModelMethod(match[2]) : undefined;
  if (exchange.method !== 'POST' || !call) return fail(404, { message: 'Method not found.' });
  return answerGeminiCall(exchange, context, { ...call, key, notFound: `models/${call.model} is not found for API version ${match[1]}, or is not supported for ${call.method}. Call ListModels to see the list of available models and their supported methods.` });
}

/**
 * Answers `generateContent`, `streamGenerateContent` or `countTokens` on `model` for an already
 * authenticated caller: validation, faults, Gemini 3's thought-signature check, the scripted reply.
 * Shared by the Gemini API and the Vertex AI simulators, whose bodies are the same.
 */
export async function answerGeminiCall(exchange: Exchange, context: SimulatorContext, call: { model: string; method: GeminiMethod; key: string; notFound: string }): Promise<void> {
  const { response } = exchange;
  const fail = (status: number, options: GoogleErrorOptions): void => {
    const error = googleErrorResponse(status, options);
    sendJson(response, error.status, error.headers, error.body);
  };
  const isStream = call.method === 'streamGenerateContent';
  const early = await takeEarlyFault(context.faults, exchange, { path: exchange.path, model: call.model, key: call.key, stream: isStream }, {
    statusError: (fault) => googleErrorResponse(fault.status, { ...(fault.errorType ? { errorType: fault.errorType } : {}), ...(fault.message ? { message: fault.message } : {}), ...(fault.retryAfterSeconds !== undefined ? { retryAfterSeconds: fault.retryAfterSeconds } : {}), ...(fault.headers ? { headers: fault.headers } : {}), ...(fault.errorCode ? { reason: fault.errorCode } : {}) }),
    errorEventAsStatus: (errorType, message) => googleErrorResponse(statusForGoogleErrorType(errorType), { ...(errorType ? { errorType } : {}), ...(message ? { message } : {}) }),
  });
  if (early === 'answered') return;
  const fault = early.remaining;
  if (exchange.body === undefined) return fail(400, { message: exchange.bodyIsInvalidJson ? 'Invalid JSON payload received. Unexpected token.' : 'Request contains an invalid argument.' });
  if (context.strictModels && !context.models.includes(call.model)) return fail(404, { message: call.notFound });

  let body: GeminiRequestBody;
  if (call.method === 'countTokens') {
    const parsed = geminiCountTokensRequestSchema.safeParse(exchange.body);
    if (!parsed.success) return fail(400, { message: invalidMessage(parsed.error.issues[0]) });
    body = 'generateContentRequest' in parsed.data ? (parsed.data.generateContentRequest as GeminiRequestBody) : { contents: parsed.data.contents as GeminiRequestBody['contents'] };
    const facts = geminiConversationFacts(body, call.model);
    return deliverJson(response, { 'content-type': 'application/json; charset=UTF-8' }, JSON.stringify({ totalTokens: estimateTokens(facts.inputCharacters), promptTokensDetails: [{ modality: 'TEXT', tokenCount: estimateTokens(facts.inputCharacters) }] }, null, 2), fault, context.chunkCount);
  }
  const parsed = geminiRequestSchema.safeParse(exchange.body);
  if (!parsed.success) return fail(400, { message: invalidMessage(parsed.error.issues[0]) });
  body = parsed.data;
  if (/^gemini-3/.test(call.model)) {
    const unsigned = findUnsignedFunctionCall(body, (signature) => signature === SKIP_THOUGHT_SIGNATURE || context.thoughtSignatures.has(signature));
    if (unsigned) {
      return fail(400, {
        message: unsigned.reason === 'missing'
          ? `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${body.contents[unsigned.index]?.parts.find((part) => part.functionCall)?.functionCall?.name ?? ''}\` , position ${unsigned.index + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`
          : 'Corrupted thought signature.',
      });
    }
  }

  const messages = body.contents.map((content) => ({ role: content.role === 'model' ? 'assistant' : 'user', content: content.parts.map((part) => part.text ?? '').join(''), original: content }));
  const continuation = splitContinuation(messages);
  const facts = geminiConversationFacts({ ...body, contents: continuation.messages.map((message) => message.original) }, call.model);
  const answer = continuePlan(planReply(context.script.isEmpty ? undefined : context.script.pick(facts), context.defaultReplyText), continuation.request, context.continuation);
  // Gemini continues a trailing model turn; it never refuses one.
  const plan = 'plan' in answer ? answer.plan : planReply(undefined, context.defaultReplyText);
  const input = {
    plan,
    model: call.model,
    inputTokens: estimateTokens(facts.inputCharacters),
    chunkCount: context.chunkCount,
    includeThoughts: body.generationConfig?.thinkingConfig?.includeThoughts === true,
    issueSignature: () => issue(context.thoughtSignatures),
  };
  if (isStream) {
    if (new URLSearchParams(exchange.query).get('alt') !== 'sse') {
      // Without alt=sse the API streams one JSON array; only the SSE form is simulated.
      return fail(400, { message: 'Only alt=sse streaming is simulated.' });
    }
    return deliverStream(response, { 'content-type': 'text/event-stream', 'x-content-type-options': 'nosniff' }, renderGeminiStreamFrames(input), fault, context.chunkDelayMs, faultFrames);
  }
  return deliverJson(response, { 'content-type': 'application/json; charset=UTF-8' }, renderGeminiResponse(input), fault, context.chunkCount);
}

function issue(signatures: Set<string>): string {
  const signature = newThoughtSignature();
  if (signatures.size >= MAX_SIGNATURES) signatures.delete(signatures.values().next().value!);
  signatures.add(signature);
  return signature;
}

function invalidMessage(issue: { path: PropertyKey[]; message: string } | undefined): string {
  if (!issue) return 'Request contains an invalid argument.';
  return `Invalid value at '${issue.path.map(String).join('.')}': ${issue.message}`;
}
