import { ByteChunks } from '../../core/byte-chunks.js';
import type { Gateway } from '../../pipeline/gateway.js';
import type { InboundProtocol } from '../../protocols/inbound-protocol.js';
import { JsonObjectScanner, type JsonSpan } from '../../protocols/scan-json-object.js';
import type { ChunkSink } from '../read-json-body.js';

/** True when every target of the route (long-context ones too) speaks `format`: no attempt can need a translation. */
export function routeSpeaksOnly(gateway: Gateway, model: string, format: InboundProtocol['format']): boolean {
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
 * The validity scan of a request body, fed each chunk as the socket delivers it. While more of the
 * body is still to come, the route is looked up as soon as the model has arrived, and a route that
 * translates stops the scan (the full parse validates anyway). A body complete when a chunk
 * arrives (every small one: a single chunk) is routed once, by the caller, after the scan.
 *
 * An object, not a closure in the handler: a closure there shares the handler's scope with the lazy
 * request's parse callback, which then kept the scanner, its members and the chunks alive for the
 * whole request, and that survival made every young-generation collection dearer.
 */
export class BodyScan implements ChunkSink {
  readonly scanner: JsonObjectScanner;
  readonly #received: Buffer[] = [];
  readonly #declaredBytes: number;
  #receivedBytes = 0;
  #routeChecked = false;

  constructor(
    maxDepth: number,
    declaredBytes: number,
    readonly gateway: Gateway,
    readonly format: InboundProtocol['format'],
  ) {
    this.scanner = new JsonObjectScanner(maxDepth);
    this.#declaredBytes = declaredBytes;
  }

  write(chunk: Buffer): void {
    const scanner = this.scanner;
    this.#received.push(chunk);
    this.#receivedBytes += chunk.length;
    scanner.write(chunk);
    if (this.#routeChecked || scanner.failed || this.#receivedBytes === this.#declaredBytes) return;
    const model = scannedModel(new ByteChunks(this.#received), scanner.members.get('model'));
    if (model === undefined) return;
    this.#routeChecked = true;
    // This runs in the socket's 'data' listener, where a throw would not reach the handler:
    // anything unexpected only means the full parse decides.
    try {
      if (!routeSpeaksOnly(this.gateway, model, this.format)) scanner.stop();
    } catch {
      scanner.stop();
    }
  }
}
