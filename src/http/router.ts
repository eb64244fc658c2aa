import { anthropicProtocol } from '../protocols/anthropic/anthropic-protocol.js';
import type { InboundProtocol } from '../protocols/inbound-protocol.js';
import { openaiProtocol } from '../protocols/openai/openai-protocol.js';
import { responsesProtocol } from '../protocols/openai-responses/responses-protocol.js';
import { countTokensHandler } from './handlers/count-tokens-handler.js';
import { createGenerationHandler } from './handlers/generation-handler.js';
import { healthzHandler, readyzHandler } from './handlers/health-handler.js';
import { getModelHandler, listModelsHandler } from './handlers/models-handler.js';
import { responsesHandler } from './handlers/responses-handler.js';
import { responsesInputTokensHandler } from './handlers/responses-input-tokens-handler.js';
import { deleteResponseHandler, listInputItemsHandler, retrieveResponseHandler, storedResponsePath } from './handlers/stored-response-handlers.js';
import { ANTHROPIC_FORWARDED_HEADERS } from './pick-headers.js';
import type { ExtraRoute, Handler } from './request-context.js';

const messagesHandler = createGenerationHandler(anthropicProtocol, ANTHROPIC_FORWARDED_HEADERS);
const chatCompletionsHandler = createGenerationHandler(openaiProtocol, []);

export interface RouteResult {
  handler: Handler | undefined;
  /** Methods the path accepts, for a 405 when the method is wrong. */
  allowed: string[];
  /** Public read-only data any web page may fetch: the Origin check is skipped. */
  openToAnyOrigin?: boolean;
}

/** Exact-path dispatch: a handful of endpoints do not need a routing library, and this is the hot path. */
export function routeRequest(method: string, pathname: string, extraRoutes: readonly ExtraRoute[] = []): RouteResult {
  const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  switch (path) {
    case '/v1/messages':
      return only('POST', method, messagesHandler);
    case '/v1/chat/completions':
    case '/chat/completions':
      return only('POST', method, chatCompletionsHandler);
    case '/v1/responses':
    case '/responses':
      return only('POST', method, responsesHandler);
    case '/v1/responses/input_tokens':
    case '/responses/input_tokens':
      return only('POST', method, responsesInputTokensHandler);
    case '/v1/messages/count_tokens':
      return only('POST', method, countTokensHandler);
    case '/v1/models':
    case '/models':
      return only('GET', method, listModelsHandler);
    case '/healthz':
      return only('GET', method, healthzHandler);
    case '/readyz':
      return only('GET', method, readyzHandler);
  }
  if (path.startsWith('/v1/models/')) return only('GET', method, getModelHandler);
  const stored = storedResponsePath(path);
  if (stored?.inputItems) return only('GET', method, listInputItemsHandler);
  if (stored) return storedResponseRoute(method);
  const matching = extraRoutes.filter((route) => route.matches(path));
  const exact = matching.find((route) => route.method === method || (route.method === 'GET' && method === 'HEAD'));
  return {
    handler: exact?.handler,
    allowed: [...new Set(matching.map((route) => route.method))],
    ...(exact?.openToAnyOrigin === true ? { openToAnyOrigin: true } : {}),
  };
}

/** `/v1/responses/{id}`: GET reads the stored response, DELETE deletes it. */
function storedResponseRoute(method: string): RouteResult {
  if (method === 'DELETE') return { handler: deleteResponseHandler, allowed: ['GET', 'DELETE'] };
  return { ...only('GET', method, retrieveResponseHandler), allowed: ['GET', 'DELETE'] };
}

function only(expected: string, method: string, handler: Handler): RouteResult {
  return { handler: method === expected || (expected === 'GET' && method === 'HEAD') ? handler : undefined, allowed: [expected] };
}

/** The protocol whose error envelope a caller of this path expects. */
export function protocolForPath(pathname: string, headers: Record<string, string | string[] | undefined>): InboundProtocol {
  if (pathname.startsWith('/v1/messages')) return anthropicProtocol;
  if (pathname.includes('chat/completions')) return openaiProtocol;
  if (pathname.startsWith('/v1/responses') || pathname.startsWith('/responses')) return responsesProtocol;
  return headers['anthropic-version'] !== undefined ? anthropicProtocol : openaiProtocol;
}
