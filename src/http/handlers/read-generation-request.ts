import type { CanonicalRequest } from '../../canonical/index.js';
import type { Gateway } from '../../pipeline/gateway.js';
import type { InboundProtocol } from '../../protocols/inbound-protocol.js';
import { lazyCanonicalRequest } from '../../protocols/lazy-request.js';
import { readRequestHead } from '../../protocols/read-request-head.js';
import { scanJsonObject } from '../../protocols/scan-json-object.js';
import type { InboundPassthrough } from '../../providers/provider-adapter.js';
import { parseJsonBytes, readJsonBytes } from '../read-json-body.js';
import { BytesPassthrough } from './bytes-passthrough.js';
import type { RequestContext } from '../request-context.js';

/** A generation request as the handler hands it to the gateway. */
export interface GenerationRequest {
  request: CanonicalRequest;
  passthrough: InboundPassthrough;
}

/** True when every target of the route (long-context ones too) speaks `format`: no attempt can need a translation. */
function routeSpeaksOnly(gateway: Gateway, model: string, format: InboundProtocol['format']): boolean {
  const match = gateway.routes.match(model);
  if (match === undefined) return false;
  const speaks = (target: { provider: string }) => gateway.providers.get(target.provider)?.adapter.wireFormat === format;
  return match.targets.every(speaks) && match.longContext.every(speaks);
}

/**
 * Reads a generation request. On a route whose every target speaks the client's format, the body
 * is read as bytes, checked to be valid JSON in one pass that builds nothing (scan-json-object.ts),
 * and only the members outside the conversation are decoded and validated (read-request-head.ts); the adapter forwards the bytes with the model spliced
 * in, and the conversation is parsed only if something reads it (a continuation, a token estimate).
 * Anything else (a translation or a mixed-format route, a body that is malformed or missing a
 * routine field) takes the full parse and validation first, so its errors are worded as before.
 */
export async function readGenerationRequest(
  context: RequestContext,
  protocol: InboundProtocol,
  forwardedHeaders: Record<string, string>,
  options: { parseInFull?: boolean } = {},
): Promise<GenerationRequest> {
  const limits = context.app.config.server;
  const bytes = await readJsonBytes(context.request, limits);
  const members = options.parseInFull ? undefined : scanJsonObject(bytes, limits.maxJsonDepth);
  const head = members === undefined ? undefined : readRequestHead(bytes, members, protocol);
  const modelSpan = members?.get('model');
  if (head !== undefined && modelSpan !== undefined && routeSpeaksOnly(context.app.gateway, head.model, protocol.format)) {
    const passthrough: InboundPassthrough = new BytesPassthrough(protocol.format, { bytes, model: modelSpan }, context.query, forwardedHeaders);
    return { request: lazyCanonicalRequest(head, () => protocol.parseRequest(passthrough.body)), passthrough };
  }
  const body = parseJsonBytes(bytes, limits);
  const request = protocol.parseRequest(body);
  return { request, passthrough: { format: protocol.format, body: body as Record<string, unknown>, query: context.query, headers: forwardedHeaders } };
}
