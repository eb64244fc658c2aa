import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { NotFoundError } from '../errors/index.js';
import { renderGatewayError } from './render-gateway-error.js';
import type { AppServices, RequestContext } from './request-context.js';
import { protocolForPath, routeRequest } from './router.js';
import { sendJson } from './send-json.js';
import { writeWithBackpressure } from './write-sse.js';

/**
 * The HTTP front door, on plain `node:http` (chosen by the benchmark: see README "Performance").
 * Every failure becomes an error in the caller's own protocol; nothing a handler throws can
 * take the process down.
 */
export function createLifelineServer(app: AppServices): Server {
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0, headersTimeout: 60_000 }, (request, response) => {
    void handle(app, request, response);
  });
  // A client that sends garbage bytes gets a 400 and never crashes the process.
  server.on('clientError', (error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy(error);
  });
  return server;
}

async function handle(app: AppServices, request: IncomingMessage, response: ServerResponse): Promise<void> {
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
    const { handler, allowed } = routeRequest(request.method ?? 'GET', pathname, app.extraRoutes);
    if (!handler) {
      if (allowed.length > 0) throw new NotFoundError(`Method ${request.method} is not allowed on ${pathname}; use ${allowed.join(', ')}.`, 405);
      throw new NotFoundError(`No such endpoint: ${request.method} ${pathname}. Lifeline serves /v1/messages, /v1/messages/count_tokens, /v1/chat/completions, /v1/models, /healthz and /readyz.`);
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
    sendJson(context.response, rendered.status, rendered.body, rendered.headers);
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
