import type { CanonicalRequest } from '../../canonical/index.js';
import type { InboundProtocol } from '../../protocols/inbound-protocol.js';
import { lazyCanonicalRequest } from '../../protocols/lazy-request.js';
import { readRequestHead } from '../../protocols/read-request-head.js';
import type { InboundPassthrough } from '../../providers/provider-adapter.js';
import { parseJsonBytes, readJsonChunks } from '../read-json-body.js';
import { BodyScan, routeSpeaksOnly } from './body-scan.js';
import { BytesPassthrough } from './bytes-passthrough.js';
import type { RequestContext } from '../request-context.js';

/** A generation request as the handler hands it to the gateway. */
export interface GenerationRequest {
  request: CanonicalRequest;
  passthrough: InboundPassthrough;
}

/**
 * Reads a generation request. The body's chunks are checked, as they arrive, to be valid JSON in
 * one pass that builds nothing and never joins them (body-scan.ts). As soon as the model has arrived
 * (on a long body: a small one is routed once, here, after its scan), the route decides: when every
 * target speaks the client's format, the scan runs to the end, only the members outside the conversation are decoded and validated (read-request-head.ts),
 * and the adapter forwards the chunks with the model spliced in; the conversation is parsed only if
 * something reads it (a continuation, a token estimate). Otherwise (a translation or a
 * mixed-format route) the scan stops there, since the full parse validates anyway, and the body is
 * parsed and validated in full first, as is a body that is malformed or missing a routine field,
 * so its errors are worded as before.
 */
export async function readGenerationRequest(
  context: RequestContext,
  protocol: InboundProtocol,
  forwardedHeaders: Record<string, string>,
  options: { parseInFull?: boolean } = {},
): Promise<GenerationRequest> {
  const limits = context.app.config.server;
  const scan = options.parseInFull ? undefined : new BodyScan(limits.maxJsonDepth, Number(context.request.headers['content-length']), context.app.gateway, protocol.format);
  const bytes = await readJsonChunks(context.request, limits, scan);
  const members = scan?.scanner.end();
  const head = members === undefined ? undefined : readRequestHead(bytes, members, protocol);
  const modelSpan = members?.get('model');
  if (head !== undefined && modelSpan !== undefined && routeSpeaksOnly(context.app.gateway, head.model, protocol.format)) {
    const passthrough: InboundPassthrough = new BytesPassthrough(protocol.format, { bytes, model: modelSpan }, context.query, forwardedHeaders);
    return { request: lazyCanonicalRequest(head, () => protocol.parseRequest(passthrough.body)), passthrough };
  }
  const body = parseJsonBytes(bytes.join(), limits);
  const request = protocol.parseRequest(body);
  return { request, passthrough: { format: protocol.format, body: body as Record<string, unknown>, query: context.query, headers: forwardedHeaders } };
}
