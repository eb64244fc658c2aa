import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { NotFoundError, RequestRefusedError } from '../errors/index.js';
import { answerClientError } from './answer-client-error.js';
import { capConnections, type ConnectionCap } from './connection-cap.js';
import { createFrontDoor, frontDoorOptionsOf, type FrontDoor } from './front-door.js';
import { renderGatewayError } from './render-gateway-error.js';
import type { AppServices, RequestContext } from './request-context.js';
import { protocolForPath, routeRequest } from './router.js';
import { sendJson } from './send-json.js';
import { writeWithBackpressure } from './write-sse.js';

/** How often Node looks for requests past their header or request timeout (its default is 30 s). */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/**
 * The HTTP front door, on plain `node:http` (chosen by the benchmark: see README "Performance").
 * Every failure becomes an error in the caller's own protocol; nothing a handler throws can
 * take the process down. Connections are bounded (README "Operations → Limits"): headers within
 * `headers_timeout_ms`, the body within the body timeouts (`readJsonBody` in handlers, Node's
 * `requestTimeout` as the backstop), idle keep-alive, and a cap on open connections. None of
 * these touches an answer being streamed: Node's timeouts end when the request has arrived.
 */
export function createLifelineServer(app: AppServices): Server {
  const limits = app.config.server;
  const frontDoor = createFrontDoor(frontDoorOptionsOf(app.config));
  const { workerId } = app;
  const server = createServer(
    {
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      // Backstop for bodies no handler reads; a handler's own body timeouts answer first, in the caller's shape.
      requestTimeout: limits.headersTimeoutMs + limits.bodyTimeoutMs + TIMEOUT_CHECK_INTERVAL_MS,
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
      maxHeaderSize: limits.maxHeaderBytes,
    },
    (request, response) => {
      // Which worker answered, for operators and the workers test (README "Workers").
      if (workerId !== undefined) response.setHeader('x-lifeline-worker', workerId);
      void handle(app, frontDoor, cap, request, response);
    },
  );
  const cap = capConnections(server, limits.maxConnections, (refusedCount) =>
    app.logger.warn({ refusedCount, maxConnections: limits.maxConnections }, 'connections refused: server.max_connections reached'),
  );
  // Oversized or too slow headers and garbage bytes get a JSON answer and never crash the process.
  server.on('clientError', (error, socket) => answerClientError(error, socket, limits));
  return server;
}

async function handle(app: AppServices, frontDoor: FrontDoor, cap: ConnectionCap, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const startedAt = performance.now();
  const url = request.url ?? '/';
  const queryAt = url.indexOf('?');
  const pathname = queryAt === -1 ? url : url.slice(0, queryAt);
  const context: RequestContext = {
    request,
    response,
    pathname,
    query: queryAt === -1 ? '' : url.slice(queryAt + 1),
    requestId: randomUUID(),
    app,
    log: {},
  };
  try {
    if (cap.refuses(request.socket)) {
      throw new RequestRefusedError('too_many_connections', `Lifeline has reached its limit of ${app.config.server.maxConnections} open connections (server.max_connections); retry shortly.`, {
        retryAfterMs: 1_000,
      });
    }
    const route = routeRequest(request.method ?? 'GET', pathname, app.extraRoutes);
    if (frontDoor.admit(request, response, route)) return;
    const clientKey = app.clientAccess?.admit(pathname, request.headers);
    if (clientKey) {
      context.clientKey = clientKey;
      context.log.clientKey = clientKey.name;
    }
    const { handler, allowed } = route;
    if (!handler) {
      if (allowed.length > 0) throw new NotFoundError(`Method ${request.method} is not allowed on ${pathname}; use ${allowed.join(', ')}.`, 405);
      throw new NotFoundError(`No such endpoint: ${request.method} ${pathname}. Lifeline serves /v1/messages, /v1/messages/count_tokens, /v1/chat/completions, /v1/responses, /v1/models, /healthz and /readyz.`);
    }
    await handler(context);
  } catch (error) {
    await answerWithError(context, error);
  } finally {
    logAccess(context, startedAt);
  }
}

async function answerWithError(context: RequestContext, error: unknown): Promise<void> {
  const protocol = protocolForPath(context.pathname, context.request.headers);
  const rendered = renderGatewayError(protocol, error, context.requestId);
  context.log.errorCode = rendered.internal ? 'INTERNAL' : String((error as { code?: unknown }).code ?? 'ERROR');
  if (rendered.internal) context.app.logger.error({ err: error, requestId: context.requestId }, 'internal error');
  if (!context.response.headersSent) {
    const closing = error instanceof RequestRefusedError && error.closesConnection;
    sendJson(context.response, rendered.status, rendered.body, closing ? { ...rendered.headers, connection: 'close' } : rendered.headers);
    return;
  }
  // Headers already went out as an SSE stream: the error can only travel as a last event.
  const eventLine = protocol.format === 'anthropic' ? 'event: error\n' : '';
  await writeWithBackpressure(context.response, `${eventLine}data: ${JSON.stringify(rendered.body)}\n\n`);
  context.response.end();
}

function logAccess(context: RequestContext, startedAt: number): void {
  const onDone = () => {
    const durationMs = Math.round(performance.now() - startedAt);
    const { target, ...facts } = context.log;
    context.app.gateway.events.requestEnded({
      at: Date.now(),
      path: context.pathname,
      status: context.response.statusCode,
      durationMs,
      ...facts,
      ...(target ? { target: `${target.provider}/${target.model}` } : {}),
    });
    const logger = context.app.logger;
    if (!logger.isLevelEnabled('info')) return;
    logger.info(
      { requestId: context.requestId, method: context.request.method, path: context.pathname, status: context.response.statusCode, durationMs, ...context.log },
      'request',
    );
  };
  if (context.response.writableFinished || context.response.destroyed) onDone();
  else context.response.once('close', onDone);
}
