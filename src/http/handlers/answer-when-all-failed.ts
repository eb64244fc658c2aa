import type { CanonicalResponse } from '../../canonical/index.js';
import { callbackUrlOf, deferAsked } from '../../deferred/defer-headers.js';
import { jobView, pollPath } from '../../deferred/job-view.js';
import { configuredAnswer } from '../../degrade/configured-answer.js';
import { isOutageFailure } from '../../degrade/outage-failure.js';
import { requestFingerprint } from '../../degrade/request-fingerprint.js';
import { responseToParts } from '../../degrade/response-parts.js';
import type { GatewayCall } from '../../pipeline/gateway-call.js';
import type { InboundProtocol } from '../../protocols/inbound-protocol.js';
import type { RequestContext } from '../request-context.js';
import { sendJson } from '../send-json.js';
import { writeWithBackpressure } from '../write-sse.js';

/** What the handler learnt about a request before running it, for the fallbacks. */
export interface FallbackFacts {
  /** `x-lifeline-defer` as sent (undefined: not sent). */
  deferAsked: boolean | undefined;
  callbackUrl: string | undefined;
}

/** Reads (and checks, before any provider is called) the headers the fallbacks depend on. */
export function fallbackFacts(context: RequestContext): FallbackFacts {
  return { deferAsked: deferAsked(context.request.headers), callbackUrl: callbackUrlOf(context.request.headers) };
}

/** The stale-cache key: the request's print, per client key unless the route shares answers across keys. */
export function staleCacheKey(context: RequestContext, call: GatewayCall, shareAcrossKeys: boolean): string {
  const print = requestFingerprint(call.request);
  return shareAcrossKeys ? print : `${context.clientKey?.name ?? ''}\u0000${print}`;
}

/**
 * When every target of the route failed for an outage, answers with what the route allows, in
 * this order: a stale cached answer to the same request (`x-lifeline-cache: stale`), else a
 * deferred job when the client, its key or the route asks for one (202), else the route's
 * configured answer (`x-lifeline-degraded: answer`). Returns false when none applies, and the
 * caller answers with the honest error. Any other failure (400 class, refused key) is never
 * softened.
 */
export async function answerWhenAllFailed(context: RequestContext, protocol: InboundProtocol, call: GatewayCall, facts: FallbackFacts, error: unknown): Promise<boolean> {
  const degradation = context.app.degradation;
  if (!degradation || context.response.headersSent || !isOutageFailure(error)) return false;
  const route = context.app.routes.match(call.request.model)?.pattern;
  if (route === undefined) return false;
  const fallbacks = degradation.of(route);
  const baseHeaders = { 'x-lifeline-request-id': context.requestId, 'x-lifeline-route': route };

  const cache = fallbacks.degrade.cache;
  if (cache) {
    const hit = degradation.cache.recall(route, staleCacheKey(context, call, cache.shareAcrossKeys), cache);
    if (hit) {
      degradation.served('stale_cache', route);
      context.log.degraded = 'stale_cache';
      await sendAnswer(context, protocol, call, hit.response, { ...baseHeaders, 'x-lifeline-cache': 'stale', age: String(Math.floor(hit.ageMs / 1000)) });
      return true;
    }
  }

  const deferred = context.app.deferred;
  const wantsDefer = facts.deferAsked ?? (context.clientKey?.defer === true || fallbacks.defer);
  // Jobs are run and answered in the Messages and Chat Completions formats (a Responses request may name earlier turns by id).
  if (wantsDefer && deferred && (protocol.format === 'anthropic' || protocol.format === 'openai')) {
    try {
      const now = Date.now();
      const job = await deferred.jobs.create({
        protocol: protocol.format,
        body: JSON.stringify(call.passthrough.body),
        route,
        createdAt: now,
        expiresAt: now + deferred.ttlMs,
        ...(context.clientKey ? { clientKey: context.clientKey.name } : {}),
        ...(facts.callbackUrl !== undefined ? { callbackUrl: facts.callbackUrl } : {}),
      });
      degradation.served('deferred', route);
      context.log.degraded = 'deferred';
      const { id, status, poll_url } = jobView(job);
      sendJson(context.response, 202, { id, status, poll_url }, { ...baseHeaders, location: pollPath(job.id), 'x-lifeline-job': job.id });
      return true;
    } catch (storeError) {
      // The job could not be kept: the next fallback (or the honest error) rather than a false promise.
      context.app.logger.error({ err: storeError, requestId: context.requestId }, 'could not store a deferred job');
    }
  }

  const answer = fallbacks.degrade.answer;
  if (answer !== undefined) {
    degradation.served('configured_answer', route);
    context.log.degraded = 'configured_answer';
    await sendAnswer(context, protocol, call, configuredAnswer(answer, call.request.model), { ...baseHeaders, 'x-lifeline-degraded': 'answer' });
    return true;
  }
  return false;
}

/** A complete answer in the client's protocol: one JSON body, or the whole stream at once. */
async function sendAnswer(context: RequestContext, protocol: InboundProtocol, call: GatewayCall, response: CanonicalResponse, headers: Record<string, string>): Promise<void> {
  const renderContext = { requestedModel: call.request.model, request: call.request };
  if (!call.request.stream) {
    sendJson(context.response, 200, protocol.renderResponse(response, renderContext), headers);
    return;
  }
  context.response.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  const renderer = protocol.createStreamRenderer(renderContext);
  const text = responseToParts(response).map((part) => renderer.write(part, false)).join('');
  const written = writeWithBackpressure(context.response, text);
  if (written !== true && written !== false) await written;
  context.response.end();
}
