import type { CanonicalRequest, CanonicalResponse } from '../../canonical/index.js';
import { UpstreamResponseError, type TargetRef, type UpstreamHttpError } from '../../errors/index.js';
import {
  type AttemptContext,
  type ContinuationMethod,
  type GenerateResult,
  type ProviderAdapter,
  type StreamResult,
  type UpstreamHeaders,
  targetRef,
} from '../provider-adapter.js';
import { pickForwardableHeaders } from '../shared/forwardable-headers.js';
import { mapTransportError } from '../shared/map-transport-error.js';
import { limitStreamDuration } from '../shared/limit-stream-duration.js';
import { readBodyText, readErrorBodyText } from '../shared/read-body-text.js';
import { DEFAULT_UPSTREAM_LIMITS } from '../shared/upstream-limits.js';
import { PrefillRefusals } from '../shared/prefill-refusals.js';
import { LazyGenerateResult } from '../shared/lazy-generate-result.js';
import { readBodyBatches } from '../shared/read-body-batches.js';
import { createSseDecoder } from '../shared/sse-decoder.js';
import { DEFAULT_TIMEOUTS, type UpstreamResponse, type UpstreamTimeouts, createUpstreamClient } from '../shared/upstream-client.js';
import { anthropicCountTokensSchema, anthropicMessageSchema } from './anthropic-api-schemas.js';
import { createAnthropicError } from './anthropic-error.js';
import { convertAnthropicResponse } from './convert-anthropic-response.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { isNullishUsage } from './anthropic-shapes.js';
import { createAnthropicEventConverter } from './convert-anthropic-stream.js';
import { convertToAnthropicRequest } from './convert-to-anthropic-request.js';
import { continueAnthropicRequest } from './anthropic-continuation.js';
import { readMessage } from './read-message.js';
import { chunksMayHoldUnsignedThinking, stripUnsignedThinking } from './strip-unsigned-thinking.js';
import { isRawRequestBody, passthroughBytes, type RawRequestBody } from '../shared/passthrough-bytes.js';
import type { UpstreamAdapterConfig } from '../shared/upstream-adapter-config.js';

/** Configuration of one Anthropic provider. */
export interface AnthropicAdapterConfig extends UpstreamAdapterConfig {
  /** Without `/v1`, as the SDK takes it: `https://api.anthropic.com`. */
  baseUrl: string;
  /** `max_tokens` for canonical requests that set none (Anthropic requires it). Default 4096. */
  defaultMaxTokens?: number;
  /** Sent when the client gave none (translated requests). Default `2023-06-01`. */
  anthropicVersion?: string;
  /** A cloud that hosts Claude behind its own URLs and auth (Vertex AI); default Anthropic's API. */
  cloud?: AnthropicCloud;
}

/** The Messages call kinds a cloud maps to its own endpoints. */
export type AnthropicCallKind = 'messages' | 'count-tokens';

/**
 * How a cloud that hosts Claude differs from Anthropic's API: where each call goes, what the body
 * and headers become (model in the path, the API version in the body, the cloud's own auth), and
 * how its errors read. Everything else (passthrough, streams, continuation) is the Anthropic adapter's.
 */
export interface AnthropicCloud {
  /** Reported provider type (`vertex`). */
  type: string;
  /** Path of a call on `model` (after the base URL). */
  /** `query` is the client's own (`?beta=true` from Claude Code, or ''): a cloud that takes Anthropic's paths keeps it. */
  path(kind: AnthropicCallKind, model: string, stream: boolean, query: string): string;
  /** The Messages body as the cloud takes it. */
  body(kind: AnthropicCallKind, body: Record<string, unknown>): Record<string, unknown>;
  /** The headers the cloud takes, from those Anthropic's API would get (`x-api-key` never included). */
  headers(anthropicHeaders: Record<string, string>, attempt: AttemptContext, target: TargetRef): Promise<Record<string, string>>;
  /** The cloud's error factory; default Anthropic's. */
  error?(response: { status: number; headers: Record<string, string>; bodyText: string; target: TargetRef }): UpstreamHttpError;
}

/** The cheap check that a passthrough body is a Message: an object of type `message` with a content list. */
function isMessageShaped(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'message' && Array.isArray((value as { content?: unknown }).content);
}

/** Top-level fields count_tokens does not take: everything about generating. */
const GENERATION_FIELDS = ['max_tokens', 'stream', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'metadata', 'service_tier'];

/**
 * The Anthropic Messages provider. Same-format requests pass through (the client's body with only
 * `model` replaced, its query, `anthropic-version` and `anthropic-beta`; unsigned thinking blocks,
 * which only Lifeline produces and the API rejects, are removed); others are translated.
 * The key goes only in `x-api-key`; the client's own key is never forwarded.
 * @example createAnthropicAdapter({ id: 'anthropic', baseUrl: 'https://api.anthropic.com' })
 */
export function createAnthropicAdapter(config: AnthropicAdapterConfig): ProviderAdapter {
  const timeouts: UpstreamTimeouts = { ...DEFAULT_TIMEOUTS, ...config.timeouts };
  const client = createUpstreamClient({ baseUrl: config.baseUrl, timeouts });
  const limits = config.limits ?? DEFAULT_UPSTREAM_LIMITS;
  const defaultMaxTokens = config.defaultMaxTokens ?? 4096;
  const defaultVersion = config.anthropicVersion ?? '2023-06-01';
  // Lower-cased so a configured header and one set below can never both go out.
  const configuredHeaders = Object.fromEntries(Object.entries(config.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const prefillRefusals = new PrefillRefusals();

  function headersFor(attempt: AttemptContext): Record<string, string> {
    const clientHeaders = attempt.passthrough?.format === 'anthropic' ? attempt.passthrough.headers : {};
    const beta = clientHeaders['anthropic-beta'];
    return {
      ...configuredHeaders,
      'anthropic-version': clientHeaders['anthropic-version'] ?? defaultVersion,
      ...(beta !== undefined ? { 'anthropic-beta': beta } : {}),
      ...(attempt.credential && !config.cloud ? { 'x-api-key': attempt.credential.secret } : {}),
    };
  }

  /**
   * The client's raw bytes with the model spliced in, when the handler kept them and nothing needs
   * the body rewritten (no continuation, no unsigned thinking block to remove).
   */
  function rawPassthrough(attempt: AttemptContext): RawRequestBody | undefined {
    const passthrough = attempt.passthrough;
    if (passthrough?.format !== 'anthropic' || passthrough.raw === undefined || attempt.continuation) return undefined;
    return chunksMayHoldUnsignedThinking(passthrough.raw.bytes) ? undefined : passthroughBytes(passthrough, attempt.model);
  }

  /** The body to send and the query to append (`?beta=true` from Claude Code), by request kind. */
  function bodyFor(request: CanonicalRequest, attempt: AttemptContext, stream: boolean, continuation: ContinuationMethod = 'prefill'): { query: string; body: Record<string, unknown> } {
    const passthrough = attempt.passthrough;
    const continued = (body: Record<string, unknown>) => (attempt.continuation ? continueAnthropicRequest(body, attempt.continuation.assistantText, continuation) : body);
    if (passthrough?.format === 'anthropic') {
      const body = { ...stripUnsignedThinking(passthrough.body), model: attempt.model };
      return { query: passthrough.query ? `?${passthrough.query}` : '', body: continued(body) };
    }
    const body = convertToAnthropicRequest({ ...request, stream }, { model: attempt.model, defaultMaxTokens, anthropicVersion: defaultVersion });
    return { query: '', body: continued(body) };
  }

  /** Generation requests: the raw bytes on a plain passthrough (never on a cloud, which reshapes the body), else the body built by bodyFor. */
  function generationBody(request: CanonicalRequest, attempt: AttemptContext, stream: boolean, continuation?: ContinuationMethod): { query: string; body: Record<string, unknown> | RawRequestBody } {
    const bytes = config.cloud ? undefined : rawPassthrough(attempt);
    if (bytes !== undefined) return { query: attempt.passthrough?.query ? `?${attempt.passthrough.query}` : '', body: bytes };
    return bodyFor(request, attempt, stream, continuation);
  }

  async function post(kind: AnthropicCallKind, query: string, body: Record<string, unknown> | RawRequestBody, attempt: AttemptContext): Promise<UpstreamResponse> {
    const target = targetRef(adapter, attempt);
    const cloud = config.cloud;
    if (isRawRequestBody(body) || !cloud) {
      const path = `${kind === 'messages' ? '/v1/messages' : '/v1/messages/count_tokens'}${query}`;
      const response = await client.postJson(path, { headers: headersFor(attempt), body: isRawRequestBody(body) ? body : JSON.stringify(body), signal: attempt.signal, target });
      if (response.status >= 200 && response.status < 300) return response;
      const bodyText = await readErrorBodyText(response, limits.maxErrorBodyBytes).catch(() => '');
      throw createAnthropicError({ status: response.status, headers: response.headers, bodyText, target });
    }
    const path = cloud.path(kind, attempt.model, body.stream === true, query);
    const sent = cloud.body(kind, body);
    const headers = await cloud.headers(headersFor(attempt), attempt, target);
    const response = await client.postJson(path, { headers, body: JSON.stringify(sent), signal: attempt.signal, target });
    if (response.status >= 200 && response.status < 300) return response;
    // The status alone still classifies the failure when the body cannot be read.
    const bodyText = await readErrorBodyText(response, limits.maxErrorBodyBytes).catch(() => '');
    throw (cloud?.error ?? createAnthropicError)({ status: response.status, headers: response.headers, bodyText, target });
  }

  async function readText(response: UpstreamResponse, attempt: AttemptContext): Promise<string> {
    try {
      return await readBodyText(response, { maxBytes: limits.maxResponseBytes, target: targetRef(adapter, attempt) });
    } catch (error) {
      throw mapTransportError(error, { target: targetRef(adapter, attempt), timeouts, signal: attempt.signal });
    }
  }

  function parseBody<T>(text: string, parse: (value: unknown) => T, attempt: AttemptContext): T {
    try {
      return parse(JSON.parse(text) as unknown);
    } catch (cause) {
      throw new UpstreamResponseError('Anthropic answered 2xx with a body that is not a valid response', { target: targetRef(adapter, attempt), cause });
    }
  }

  const adapter: ProviderAdapter = {
    id: config.id,
    type: config.cloud?.type ?? 'anthropic',
    wireFormat: 'anthropic',

    async doGenerate(request, attempt): Promise<GenerateResult> {
      const { query, body } = generationBody(request, attempt, false);
      const response = await post('messages', query, body, attempt);
      const text = await readText(response, attempt);
      const headers = pickForwardableHeaders(response.headers);
      if (attempt.rawFrames) {
        // The client gets these bytes as they are: check they are a message, and build the
        // canonical form only if someone asks for it (schema validation is the costly part).
        const value = parseBody(text, (parsed) => (isMessageShaped(parsed) ? parsed : anthropicMessageSchema.parse(parsed)), attempt);
        const usage = (value as { usage?: unknown }).usage;
        return new LazyGenerateResult(
          () => convertAnthropicResponse(parseBody(text, () => readMessage(value) ?? anthropicMessageSchema.parse(value), attempt)),
          headers,
          text,
          // What the access log and key accounting read; the same figures `response.usage` would give.
          isNullishUsage(usage) ? convertAnthropicUsage(usage) : undefined,
        );
      }
      // The schema runs only to word the error when the hand check refuses the answer.
      const message = parseBody(text, (value) => readMessage(value) ?? anthropicMessageSchema.parse(value), attempt);
      return { response: convertAnthropicResponse(message), headers };
    },

    async doStream(request, attempt): Promise<StreamResult> {
      const send = (method: ContinuationMethod) => {
        const { query, body } = generationBody(request, attempt, true, method);
        return post('messages', query, body, attempt);
      };
      // Prefill first; models that refuse it (Claude from 4.6 on) are asked by instruction from then on.
      const { value: response, method } = attempt.continuation ? await prefillRefusals.send(attempt.model, true, send) : { value: await send('prefill'), method: undefined };
      const target = targetRef(adapter, attempt);
      limitStreamDuration(response.body, timeouts.streamMaxMs, target);
      const mapReadError = (error: unknown) => mapTransportError(error, { target, timeouts, signal: attempt.signal });
      return {
        ...(method ? { continuation: method } : {}),
        // Read push-style: one promise per upstream read, however many layers convert it.
        stream: readBodyBatches(
          response.body,
          createSseDecoder({ maxEventBytes: limits.maxSseEventBytes }).decode,
          createAnthropicEventConverter({ passthrough: attempt.rawFrames === true, target, malformedEvents: attempt.malformedEvents, mapReadError }),
          { mapReadError, drainAfterClose: { abandon: () => response.body.destroy() } },
        ),
        headers: pickForwardableHeaders(response.headers),
      };
    },

    async doCountTokens(request, attempt): Promise<{ inputTokens: number; headers: UpstreamHeaders; rawBody?: string }> {
      const { query, body } = bodyFor(request, attempt, false);
      const countBody = Object.fromEntries(Object.entries(body).filter(([key]) => !GENERATION_FIELDS.includes(key)));
      const response = await post('count-tokens', query, countBody, attempt);
      const text = await readText(response, attempt);
      const counted = parseBody(text, (value) => anthropicCountTokensSchema.parse(value), attempt);
      return { inputTokens: counted.input_tokens, headers: pickForwardableHeaders(response.headers), rawBody: text };
    },

    close: () => client.close(),
  };
  return adapter;
}
