import type { CanonicalRequest } from '../../canonical/index.js';
import { ByteChunks } from '../../core/byte-chunks.js';
import type { Gateway } from '../../pipeline/gateway.js';
import type { InboundProtocol } from '../../protocols/inbound-protocol.js';
import { lazyCanonicalRequest } from '../../protocols/lazy-request.js';
import { readRequestHead } from '../../protocols/read-request-head.js';
import { JsonObjectScanner, type JsonSpan } from '../../protocols/scan-json-object.js';
import type { InboundPassthrough } from '../../providers/provider-adapter.js';
import { parseJsonBytes, readJsonChunks } from '../read-json-body.js';
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

/** The top-level `model` as the scanner found it, once its value has arrived; undefined before, or when it is not a string. */
function scannedModel(bytes: ByteChunks, span: JsonSpan | undefined): string | undefined {
  if (span === undefined) return undefined;
  try {
    const model: unknown = JSON.parse(bytes.toString(span.start, span.end));
    return typeof model === 'string' ? model : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads a generation request. The body's chunks are checked, as they arrive, to be valid JSON in
 * one pass that builds nothing and never joins them (scan-json-object.ts). As soon as the model has
 * arrived, the route decides: when every target speaks the client's format, the scan runs to the
 * end, only the members outside the conversation are decoded and validated (read-request-head.ts),
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
  const scanner = options.parseInFull ? undefined : new JsonObjectScanner(limits.maxJsonDepth);
  const received: Buffer[] = [];
  let routeChecked = false;
  const bytes = await readJsonChunks(
    context.request,
    limits,
    scanner &&
      ((chunk) => {
        received.push(chunk);
        scanner.write(chunk);
        if (routeChecked || scanner.failed) return;
        const model = scannedModel(new ByteChunks(received), scanner.members.get('model'));
        if (model === undefined) return;
        routeChecked = true;
        // This runs in the socket's 'data' listener, where a throw would not reach the handler:
        // anything unexpected only means the full parse decides.
        try {
          if (!routeSpeaksOnly(context.app.gateway, model, protocol.format)) scanner.stop();
        } catch {
          scanner.stop();
        }
      }),
  );
  const members = scanner?.end();
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
