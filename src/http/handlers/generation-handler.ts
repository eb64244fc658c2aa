import type { Usage } from '../../canonical/index.js';
import { LifelineError } from '../../errors/index.js';
import { CancellableCall, ClientCancellation } from '../../pipeline/client-cancellation.js';
import { clientTimeoutMs } from '../../pipeline/deadline.js';
import type { AnsweredBy, GatewayCall } from '../../pipeline/gateway-call.js';
import type { InboundProtocol, StreamRenderer } from '../../protocols/inbound-protocol.js';
import { answerHeaders } from '../lifeline-headers.js';
import { flattenResponseHead } from '../flatten-response-head.js';
import { pickHeaders } from '../pick-headers.js';
import type { Handler, RequestContext } from '../request-context.js';
import { sendJson } from '../send-json.js';
import { readGenerationRequest, type GenerationRequest } from './read-generation-request.js';
import { writeWithBackpressure } from '../write-sse.js';
import { ResponseCollector } from '../../degrade/response-parts.js';
import { answerWhenAllFailed, fallbackFacts, staleCacheKey } from './answer-when-all-failed.js';

/** Told the answer in the client's format just before it leaves (Responses: kept for `store`). */
export interface AnswerKeeper {
  /** A whole (non-streamed) answer: rendered, or the provider's own JSON text on a passthrough. */
  answer(body: Record<string, unknown> | string): Promise<void>;
  /**
   * Text about to be streamed to the client; a promise when it holds the end of the answer, which
   * is waited for before that text is written, so a client's next request finds what was kept.
   */
  streamed(text: string): Promise<void> | undefined;
  /**
   * A provider's own answer text (passthrough body or stream text) as the client should see it,
   * applied before it is kept or sent (Responses: the `previous_response_id` the provider was not told).
   */
  restate?(text: string): string;
}

/** A request ready to route, and who keeps its answer, if anyone. */
export interface PreparedGeneration extends GenerationRequest {
  keeper?: AnswerKeeper;
}

/** Protocol-specific steps around the shared generation flow. */
export interface GenerationHooks {
  /** Turns the parsed request into the one to route (Responses: expand `previous_response_id`, keep the answer). */
  prepareRequest?(read: GenerationRequest, context: RequestContext): Promise<PreparedGeneration>;
}

/**
 * Builds the handler of one generation endpoint (`/v1/messages`, `/v1/chat/completions`): read in
 * the client's format (unparsed bytes on a same-format route, read-generation-request.ts), run the route, answer in the client's format, passing the provider's bytes
 * through when both sides speak the same one.
 */
export function createGenerationHandler(protocol: InboundProtocol, forwardedHeaderNames: readonly string[], hooks: GenerationHooks = {}): Handler {
  return async (context) => {
    // A protocol that rewrites the request before routing needs it parsed in full.
    const read = await readGenerationRequest(context, protocol, pickHeaders(context.request.headers, forwardedHeaderNames), { parseInFull: hooks.prepareRequest !== undefined });
    const prepared: PreparedGeneration = hooks.prepareRequest ? await hooks.prepareRequest(read, context) : read;
    const { request, passthrough, keeper } = prepared;
    context.clientKey?.authorizeModel(request.model);
    // Checked before any provider is called: a bad header is the client's 400, not a late surprise.
    const facts = fallbackFacts(context);
    const cancellation = new ClientCancellation();
    context.response.on('close', () => {
      if (!context.response.writableFinished) cancellation.abort();
    });
    const timeoutMs = clientTimeoutMs(context.request.headers);
    // Its signal is built only if something needs it: the pipeline reads `cancellation` (client-cancellation.ts).
    const call: GatewayCall = new CancellableCall(request, passthrough, cancellation, timeoutMs);
    context.log.model = request.model;
    context.log.stream = request.stream;
    try {
      if (request.stream) await streamAnswer(context, protocol, call, keeper);
      else await generateAnswer(context, protocol, call, keeper);
    } catch (error) {
      if (!(await answerWhenAllFailed(context, protocol, call, facts, error))) throw error;
    }
  };
}

async function generateAnswer(context: RequestContext, protocol: InboundProtocol, call: GatewayCall, keeper: AnswerKeeper | undefined): Promise<void> {
  const outcome = await context.app.gateway.generate(call);
  context.log.target = outcome.target;
  context.log.attempts = outcome.failures.length + 1;
  // A passthrough answer gives its usage on its own: its canonical form is built only if something needs it.
  logUsage(context, outcome.result.usage ?? outcome.result.response.usage);
  const cache = context.app.degradation?.of(outcome.route).degrade.cache;
  if (cache) context.app.degradation!.cache.remember(outcome.route, staleCacheKey(context, call, cache.shareAcrossKeys), outcome.result.response, cache);
  const headers = answerHeaders(outcome, context.requestId);
  if (outcome.passthrough && outcome.result.rawBody !== undefined) {
    const body = keeper?.restate ? keeper.restate(outcome.result.rawBody) : outcome.result.rawBody;
    if (keeper) await keeper.answer(body);
    sendJson(context.response, 200, body, headers);
    return;
  }
  const rendered = protocol.renderResponse(outcome.result.response, { requestedModel: call.request.model, request: call.request });
  if (keeper) await keeper.answer(rendered);
  sendJson(context.response, 200, rendered, headers);
}

/**
 * The stream's head, written by a function of its own: in streamAnswer's frame (an async function,
 * suspended for the stream's whole life) the header list stayed alive in a register (issue 13).
 */
function writeStreamHead(response: RequestContext['response'], answer: AnsweredBy, requestId: string): void {
  response.writeHead(200, [
    ...answerHeaders(answer, requestId),
    'content-type', 'text/event-stream; charset=utf-8',
    'cache-control', 'no-cache',
    'connection', 'keep-alive',
    // Reverse proxies in front of Lifeline must not hold events back.
    'x-accel-buffering', 'no',
  ]);
  // Node keeps the head for the stream's whole life: one flat string, not a rope of its pieces.
  flattenResponseHead(response);
}

async function streamAnswer(context: RequestContext, protocol: InboundProtocol, call: GatewayCall, keeper: AnswerKeeper | undefined): Promise<void> {
  const answer = await context.app.gateway.stream(call, {
    onContinuation: (from, to, error, method) => {
      (context.log.continuedOn ??= []).push(to);
      context.app.logger.warn({ requestId: context.requestId, from, to, method, failureClass: error.failureClass, message: error.message }, 'stream continued on another target');
    },
  });
  context.log.target = answer.target;
  context.log.attempts = answer.failures.length + 1;
  const { response } = context;
  writeStreamHead(response, answer, context.requestId);
  const renderer = protocol.createStreamRenderer({ requestedModel: call.request.model, request: call.request });
  const cache = context.app.degradation?.of(answer.route).degrade.cache;
  // Only routes with a stale-if-error cache pay for gathering the answer.
  const collector = cache ? new ResponseCollector() : undefined;
  /** Set once the stream ended early: the client left, or it failed and failStream ended the response. */
  let stopped = false;
  const gone = (ok: boolean): boolean => {
    if (!ok) stopped = true;
    return ok;
  };
  // Called by the relay once per upstream read, synchronously: the events of one read are rendered
  // and leave in one write (one system call), with no async step when the socket takes it.
  await answer.relay((batch) => {
    let text = '';
    let failure: { error: unknown } | undefined;
    for (const part of batch.parts) {
      collector?.add(part);
      if (part.type === 'finish') {
        logUsage(context, part.usage);
      } else if (part.type === 'error') {
        failure = part;
        break;
      }
      text += renderer.write(part, batch.passthrough);
    }
    if (failure) {
      failStream(context, renderer, failure.error, text);
      return gone(false);
    }
    if (keeper?.restate) text = keeper.restate(text);
    const keeping = keeper?.streamed(text);
    if (keeping) return keeping.then(() => writeWithBackpressure(response, text)).then(gone);
    const written = writeWithBackpressure(response, text);
    return typeof written === 'boolean' ? gone(written) : written.then(gone);
  });
  if (stopped) return;
  response.end();
  const complete = collector?.response();
  if (cache && complete) context.app.degradation!.cache.remember(answer.route, staleCacheKey(context, call, cache.shareAcrossKeys), complete, cache);
}

/** The provider's usage figures, for client-key accounting (`gateway:request:end`). */
function logUsage(context: RequestContext, usage: Usage): void {
  if (usage.inputTokens.total !== undefined) context.log.inputTokens = usage.inputTokens.total;
  if (usage.outputTokens.total !== undefined) context.log.outputTokens = usage.outputTokens.total;
}

/** Ends a stream that failed after it started: what was rendered before the error, then the error event. */
function failStream(context: RequestContext, renderer: StreamRenderer, cause: unknown, before: string): void {
  const error = LifelineError.from(cause);
  context.log.streamError = error.code;
  if (error instanceof LifelineError) context.app.logger.error({ err: error, requestId: context.requestId }, 'internal error during a stream');
  else context.app.logger.warn({ requestId: context.requestId, code: error.code, failureClass: error.failureClass, message: error.message }, 'stream failed after it started');
  // end() flushes whatever the socket still buffers; the stream is over either way.
  void writeWithBackpressure(context.response, before + renderer.fail(error));
  context.response.end();
}
