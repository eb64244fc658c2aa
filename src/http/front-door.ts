import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { RequestRefusedError } from '../errors/index.js';
import { createHostCheck } from './host-check.js';
import { createOriginCheck } from './origin-check.js';
import type { RouteResult } from './router.js';

/** What the front door needs to know: `server.*` and `status.public_url`. */
export interface FrontDoorOptions {
  boundHost: string;
  allowedHosts: readonly string[];
  allowedOrigins: readonly string[];
  publicUrl?: string | undefined;
}

/** The front door's options as the configuration gives them. */
export function frontDoorOptionsOf(config: Pick<ResolvedConfig, 'server' | 'status'>): FrontDoorOptions {
  return {
    boundHost: config.server.host,
    allowedHosts: config.server.allowedHosts,
    allowedOrigins: config.server.allowedOrigins,
    publicUrl: config.status.public_url,
  };
}

/** The browser checks every request passes before its handler runs. */
export interface FrontDoor {
  /**
   * Refuses (throws {@link RequestRefusedError}) a `Host` that is not this Lifeline (421) and an
   * `Origin` that may not use the route (403); answers a CORS preflight from an allowed origin
   * and returns true then; adds CORS headers to answers for allowed origins.
   */
  admit(request: IncomingMessage, response: ServerResponse, route: RouteResult): boolean;
  /** The Host check alone, for links built from the request (status page). */
  hostAllowed(hostHeader: string | undefined): boolean;
}

/** How long a browser may cache a preflight answer. */
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * Keeps web pages from using a Lifeline they can reach (a developer's localhost, a LAN host):
 * Host against DNS rebinding, Origin against cross-origin calls that would spend the provider
 * keys or drive the admin API. Routes marked `openToAnyOrigin` (the public status page and its
 * read-only APIs) skip the Origin check. Requests without `Origin` (SDKs, curl, Claude Code)
 * pay one Host comparison.
 */
export function createFrontDoor(options: FrontDoorOptions): FrontDoor {
  const hostAllowed = createHostCheck({ boundHost: options.boundHost, allowedHosts: options.allowedHosts, publicUrl: options.publicUrl });
  const judgeOrigin = createOriginCheck({ allowedOrigins: options.allowedOrigins, publicUrl: options.publicUrl });

  return {
    hostAllowed,
    admit(request, response, route) {
      const host = request.headers.host;
      if (!hostAllowed(host)) {
        throw new RequestRefusedError(
          'misdirected_request',
          `This Lifeline does not answer for Host "${printable(host ?? '')}". Use 127.0.0.1 or localhost, or add the name to server.allowed_hosts.`,
        );
      }
      const origin = request.headers.origin;
      if (origin === undefined) return false;
      const verdict = judgeOrigin(origin, host);
      if (verdict === 'same-origin') return false;
      const preflight = request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
      if (route.openToAnyOrigin && !preflight) return false;
      if (verdict === 'foreign') {
        throw new RequestRefusedError(
          'origin_not_allowed',
          `Requests from the web page at ${printable(origin)} are refused: a page could spend the provider keys. To let a browser app call Lifeline, add its origin to server.allowed_origins.`,
        );
      }
      if (preflight) return answerPreflight(request, response, origin, route);
      response.setHeader('access-control-allow-origin', origin);
      response.setHeader('access-control-expose-headers', '*');
      response.setHeader('vary', 'origin');
      return false;
    },
  };
}

/** 204 with what the allowed origin may send; a method the path lacks falls through to the 405. */
function answerPreflight(request: IncomingMessage, response: ServerResponse, origin: string, route: RouteResult): boolean {
  const method = String(request.headers['access-control-request-method']).toUpperCase();
  if (!route.allowed.includes(method)) return false;
  const requestedHeaders = request.headers['access-control-request-headers'];
  response.writeHead(204, {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': route.allowed.join(', '),
    ...(requestedHeaders ? { 'access-control-allow-headers': requestedHeaders } : {}),
    'access-control-max-age': PREFLIGHT_MAX_AGE_SECONDS,
    vary: 'origin',
  });
  response.end();
  return true;
}

/** Header text quoted in an error message: bounded, printable ASCII only. */
function printable(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
}
