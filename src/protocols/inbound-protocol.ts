import type { CanonicalRequest, CanonicalResponse, StreamPart, WireFormat } from '../canonical/index.js';
import type { GatewayError } from '../errors/index.js';

/** What a renderer knows about the exchange it renders. */
export interface RenderContext {
  /** The model name the client asked for. */
  requestedModel: string;
  /** The parsed inbound request (renderers read options such as OpenAI `stream_options`). */
  request: CanonicalRequest;
}

/** Turns canonical stream parts into the bytes of one client-facing SSE stream. */
export interface StreamRenderer {
  /**
   * Returns the SSE text to send for this part ('' for nothing). `passthrough` says how the part's
   * stream was asked for (decided once per attempt by the pipeline): true when it comes with the
   * provider's own frames (`raw` parts of the renderer's format), which are written as they are
   * while the parts derived from them are only tracked, so the client gets the provider's exact
   * bytes; false when parts are rendered and `raw` parts ignored. A `false` after `true` is a
   * continuation on another target, rendered so it follows on from what the frames said.
   */
  write(part: StreamPart, passthrough: boolean): string;
  /** SSE text that ends a stream cut short by an error; `write` must not be called after it. */
  fail(error: GatewayError): string;
}

/** A rendered error: status, envelope and headers in the caller's protocol. */
export interface RenderedError {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/** One inbound wire format: parse requests into canonical form, render canonical answers back. */
export interface InboundProtocol {
  readonly format: WireFormat;
  /** Throws `InvalidRequestError` with a precise message and param. */
  parseRequest(body: unknown): CanonicalRequest;
  renderResponse(response: CanonicalResponse, context: RenderContext): Record<string, unknown>;
  createStreamRenderer(context: RenderContext): StreamRenderer;
  renderError(error: GatewayError): RenderedError;
}
