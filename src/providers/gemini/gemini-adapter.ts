import type { CanonicalRequest, StreamPart } from '../../canonical/index.js';
import { UpstreamResponseError, type TargetRef } from '../../errors/index.js';
import { targetRef, type AttemptContext, type GenerateResult, type ProviderAdapter, type StreamResult, type UpstreamHeaders } from '../provider-adapter.js';
import { withCanonicalContinuation } from '../shared/continuation-instruction.js';
import { pickForwardableHeaders } from '../shared/forwardable-headers.js';
import { limitStreamDuration } from '../shared/limit-stream-duration.js';
import { mapTransportError } from '../shared/map-transport-error.js';
import { readBodyText, readErrorBodyText } from '../shared/read-body-text.js';
import { readJsonFrameStream } from '../shared/read-json-frame-stream.js';
import { createUpstreamClient, DEFAULT_TIMEOUTS, type UpstreamResponse, type UpstreamTimeouts } from '../shared/upstream-client.js';
import { DEFAULT_UPSTREAM_LIMITS } from '../shared/upstream-limits.js';
import { convertGeminiResponse } from './convert-gemini-response.js';
import { createGeminiStreamConverter } from './convert-gemini-stream.js';
import { convertToGeminiRequest } from './convert-to-gemini-request.js';
import { geminiCountTokensSchema, geminiResponseSchema } from './gemini-api-schemas.js';
import type { GeminiEndpoint, GeminiMethod } from './gemini-endpoint.js';
import { createGoogleError } from './google-error.js';
import { ThoughtSignatureCache } from './thought-signature-cache.js';
import type { UpstreamAdapterConfig } from '../shared/upstream-adapter-config.js';

/** Configuration of one Gemini-format provider (Gemini API or Gemini on Vertex AI). */
export interface GeminiAdapterConfig extends UpstreamAdapterConfig {
  /** Reported type (`gemini`, `vertex`). */
  type: string;
  /** Origin (and optional path prefix) the endpoint's paths go under. */
  baseUrl: string;
  endpoint: GeminiEndpoint;
}

/**
 * The Gemini `generateContent` family as a provider: every request is translated from canonical
 * (no inbound protocol speaks Gemini), streams use `streamGenerateContent?alt=sse`, and
 * function-call thought signatures are remembered by tool call id so a tool loop driven by an
 * Anthropic or OpenAI client still sends them back (see ThoughtSignatureCache).
 * @example createGeminiAdapter({ id: 'gemini', type: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com', endpoint: geminiApiEndpoint() })
 */
export function createGeminiAdapter(config: GeminiAdapterConfig): ProviderAdapter {
  const timeouts: UpstreamTimeouts = { ...DEFAULT_TIMEOUTS, ...config.timeouts };
  const client = createUpstreamClient({ baseUrl: config.baseUrl, timeouts });
  const limits = config.limits ?? DEFAULT_UPSTREAM_LIMITS;
  const configuredHeaders = Object.fromEntries(Object.entries(config.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const signatures = new ThoughtSignatureCache();
  const remember = (toolCallId: string, signature: string) => signatures.remember(toolCallId, signature);

  function bodyFor(request: CanonicalRequest, attempt: AttemptContext): Record<string, unknown> {
    const continued = attempt.continuation ? withCanonicalContinuation(request, attempt.continuation.assistantText) : request;
    return convertToGeminiRequest(continued, { thoughtSignatureOf: (id) => signatures.get(id) });
  }

  async function post(method: GeminiMethod, body: Record<string, unknown>, attempt: AttemptContext): Promise<UpstreamResponse> {
    const target = targetRef(adapter, attempt);
    const headers = { ...configuredHeaders, ...(await config.endpoint.authHeaders(attempt, target)) };
    const response = await client.postJson(config.endpoint.methodPath(attempt.model, method), { headers, body: JSON.stringify(body), signal: attempt.signal, target });
    if (response.status >= 200 && response.status < 300) return response;
    const bodyText = await readErrorBodyText(response, limits.maxErrorBodyBytes).catch(() => '');
    throw createGoogleError({ status: response.status, headers: response.headers, bodyText, target, providerLabel: config.endpoint.label });
  }

  async function readJson(response: UpstreamResponse, attempt: AttemptContext): Promise<unknown> {
    const target = targetRef(adapter, attempt);
    let text: string;
    try {
      text = await readBodyText(response, { maxBytes: limits.maxResponseBytes, target });
    } catch (error) {
      throw mapTransportError(error, { target, timeouts, signal: attempt.signal });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new UpstreamResponseError(`${config.endpoint.label} answered 2xx with a body that is not JSON`, { target, cause });
    }
  }

  const adapter: ProviderAdapter = {
    id: config.id,
    type: config.type,
    wireFormat: 'gemini',

    async doGenerate(request, attempt): Promise<GenerateResult> {
      const response = await post('generateContent', bodyFor(request, attempt), attempt);
      const parsed = geminiResponseSchema.safeParse(await readJson(response, attempt));
      if (!parsed.success) throw new UpstreamResponseError(`${config.endpoint.label} answered 2xx with a body that is not a GenerateContentResponse`, { target: targetRef(adapter, attempt) });
      return { response: convertGeminiResponse(parsed.data, { requestedModel: attempt.model, onThoughtSignature: remember }), headers: pickForwardableHeaders(response.headers) };
    },

    async doStream(request, attempt): Promise<StreamResult> {
      const response = await post('streamGenerateContent', bodyFor(request, attempt), attempt);
      const target = targetRef(adapter, attempt);
      limitStreamDuration(response.body, timeouts.streamMaxMs, target);
      return {
        stream: streamParts(response, attempt, target),
        headers: pickForwardableHeaders(response.headers),
        ...(attempt.continuation ? { continuation: 'instruction' as const } : {}),
      };
    },

    async doCountTokens(request, attempt): Promise<{ inputTokens: number; headers: UpstreamHeaders }> {
      const body = config.endpoint.countTokensBody(bodyFor(request, attempt), attempt.model);
      const response = await post('countTokens', body, attempt);
      const parsed = geminiCountTokensSchema.safeParse(await readJson(response, attempt));
      if (!parsed.success) throw new UpstreamResponseError(`${config.endpoint.label} answered countTokens without totalTokens`, { target: targetRef(adapter, attempt) });
      return { inputTokens: parsed.data.totalTokens, headers: pickForwardableHeaders(response.headers) };
    },

    close: () => client.close(),
  };

  /** Upstream SSE → canonical parts, one array per read; transport failures become an `error` part. */
  function streamParts(upstream: UpstreamResponse, attempt: AttemptContext, target: TargetRef): AsyncIterableIterator<StreamPart[]> {
    const converter = createGeminiStreamConverter({ requestedModel: attempt.model, target, malformedEvents: attempt.malformedEvents, onThoughtSignature: remember });
    return readJsonFrameStream(upstream, converter, { target, signal: attempt.signal, timeouts, maxEventBytes: limits.maxSseEventBytes });
  }

  return adapter;
}
