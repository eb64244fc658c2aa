import type { CanonicalRequest, CanonicalResponse, StreamPart, Usage, WireFormat } from '../canonical/index.js';
import type { ByteChunks } from '../core/byte-chunks.js';
import type { TargetRef } from '../errors/index.js';

/** What a provider speaks: an inbound format (passthrough possible) or an outbound-only one (always translated). */
export type ProviderWireFormat = WireFormat | 'gemini';

/** A provider key, with the label that is safe to show. */
export interface Credential {
  /** `key-1 …abcd`: the position in the provider's key list and, for a key of 20 characters or more, its last four. */
  label: string;
  secret: string;
}

/**
 * The client's request as it arrived, for same-format passthrough: the adapter whose wire format
 * equals `format` sends `body` with only the model (and credentials) replaced, so fields Lifeline
 * does not know still reach the provider.
 */
export interface InboundPassthrough {
  format: WireFormat;
  /**
   * The parsed JSON body, untouched. With `raw` set it is parsed from the raw bytes only when read
   * (a continuation, a body that needs rewriting), so most same-format requests never build it.
   */
  body: Record<string, unknown>;
  /**
   * The body's bytes in the chunks the socket delivered (never joined), already checked to be one
   * valid JSON object, and where its top-level `model` value sits: same-format adapters splice the
   * model in and forward these chunks (shared/passthrough-bytes.ts). Absent when the handler parsed
   * the request in full.
   */
  raw?: { bytes: ByteChunks; model: { start: number; end: number } };
  /** Query string of the client's request without `?` (Claude Code sends `beta=true`), or ''. */
  query: string;
  /** Client headers that belong to this format (`anthropic-version`, `anthropic-beta`), lower-case. */
  headers: Record<string, string>;
}

/** Everything an adapter needs for one attempt besides the request itself. */
export interface AttemptContext {
  /** Model name to send upstream (already resolved from the route). */
  model: string;
  credential?: Credential;
  /** Aborts the upstream call: the client left, a timeout fired, or a hedge won. */
  signal: AbortSignal;
  passthrough?: InboundPassthrough;
  /**
   * Decided by the pipeline, once per attempt: the client gets this attempt's bytes as they are
   * (the provider speaks the client's format and the attempt continues nothing). A stream then
   * carries each upstream frame as a `raw` part, a generation its body as `rawBody`.
   */
  rawFrames?: boolean;
  /**
   * Set when this attempt continues a stream that another target left unfinished. The client has
   * already received `assistantText` as the start of the answer: the adapter asks its provider to
   * carry on from there (prefill where the API allows it, an explicit instruction otherwise), so
   * the stream it returns holds only the rest.
   */
  continuation?: { assistantText: string };
  /**
   * Streams only: how many malformed events (a frame that is not JSON, or not of the shape its type
   * promises) the adapter skips before it fails the stream, and whom it tells about each one.
   * Without it, the first malformed event fails the stream.
   */
  malformedEvents?: { limit: number; onSkipped(detail: string): void };
}

/**
 * How an adapter asked its provider to carry on a cut answer: `prefill` (the text sent is the start
 * of the assistant's turn, so the model can only go on from it) or `instruction` (the text sent as
 * the assistant's turn, then a request to go on from its last words). The relay checks what comes
 * back accordingly (pipeline/seam-reconciler.ts).
 */
export type ContinuationMethod = 'prefill' | 'instruction';

/** Upstream response headers worth showing the client or feeding health (rate limits, request id). */
export type UpstreamHeaders = Record<string, string>;

export interface GenerateResult {
  response: CanonicalResponse;
  headers: UpstreamHeaders;
  /** The upstream body as received, set only on a passthrough attempt. */
  rawBody?: string;
  /**
   * The answer's usage, when the adapter can give it without building `response`: a passthrough
   * answer reads only this (its client gets `rawBody`), so its canonical form is never built.
   */
  usage?: Usage;
}

export interface StreamResult {
  /**
   * Canonical parts, in batches: one array per upstream read, never empty (one async step per
   * part was most of a stream's cost). On a passthrough attempt each upstream frame is also a `raw`
   * part just before the parts derived from it. Upstream failures after the start arrive as an
   * `error` part, the last one; the iterator never throws for them.
   */
  stream: AsyncIterable<StreamPart[]>;
  headers: UpstreamHeaders;
  /** Set on a continuation attempt: how the provider was asked to carry on. */
  continuation?: ContinuationMethod;
}

/**
 * An outbound provider. `do*` methods are called only by the gateway pipeline. They resolve once
 * the provider answered 2xx and reject with a {@link GatewayError} subclass otherwise (status
 * errors as `UpstreamHttpError` with the adapter's failure class; transport failures as
 * connection/timeout errors).
 */
export interface ProviderAdapter {
  /** The provider's name in the configuration (`anthropic`, `local`, ...). */
  readonly id: string;
  /** The configured type (`anthropic`, `openai`, `openai-compatible`). */
  readonly type: string;
  readonly wireFormat: ProviderWireFormat;
  /**
   * Other inbound formats this adapter sends on untouched (only model and credentials replaced),
   * as it does its own `wireFormat`: OpenAI takes Responses API requests to its `/responses`.
   */
  readonly passthroughFormats?: readonly WireFormat[];
  doGenerate(request: CanonicalRequest, attempt: AttemptContext): Promise<GenerateResult>;
  doStream(request: CanonicalRequest, attempt: AttemptContext): Promise<StreamResult>;
  /** Exact token count where the provider has an endpoint for it. */
  doCountTokens?(request: CanonicalRequest, attempt: AttemptContext): Promise<{ inputTokens: number; headers: UpstreamHeaders; rawBody?: string }>;
  /**
   * Set when the endpoint counts for some models only (Bedrock's CountTokens serves Claude): false
   * for a model it cannot count, so the gateway asks the next target instead. Absent: every model.
   */
  countsTokensFor?(model: string): boolean;
  /** Release pooled connections. */
  close(): Promise<void>;
}

/** Whether a request that arrived in `format` goes to this adapter as it came (passthrough). */
export function acceptsPassthrough(adapter: ProviderAdapter, format: WireFormat): boolean {
  return adapter.wireFormat === format || adapter.passthroughFormats?.includes(format) === true;
}

/** Builds a {@link TargetRef} for errors and headers. */
export function targetRef(adapter: ProviderAdapter, attempt: AttemptContext): TargetRef {
  return { provider: adapter.id, model: attempt.model, ...(attempt.credential ? { key: attempt.credential.label } : {}) };
}
