import type { CanonicalRequest, StreamPart } from '../../canonical/index.js';
import { UpstreamHttpError, type TargetRef } from '../../errors/index.js';
import { targetRef, type AttemptContext, type InboundPassthrough, type ContinuationMethod, type GenerateResult, type ProviderAdapter, type StreamResult } from '../provider-adapter.js';
import { pickForwardableHeaders } from '../shared/forwardable-headers.js';
import { mapTransportError } from '../shared/map-transport-error.js';
import { limitStreamDuration } from '../shared/limit-stream-duration.js';
import { readBodyText, readErrorBodyText } from '../shared/read-body-text.js';
import { DEFAULT_UPSTREAM_LIMITS } from '../shared/upstream-limits.js';
import { readJsonFrameStream } from '../shared/read-json-frame-stream.js';
import { isRawRequestBody, passthroughBytes, type RawRequestBody } from '../shared/passthrough-bytes.js';
import { createUpstreamClient, DEFAULT_TIMEOUTS, type UpstreamResponse, type UpstreamTimeouts } from '../shared/upstream-client.js';
import { PrefillRefusals } from '../shared/prefill-refusals.js';
import { LazyGenerateResult } from '../shared/lazy-generate-result.js';
import { convertChatCompletion, convertOpenAIResponse, readOpenAIResponse } from './convert-openai-response.js';
import { convertOpenAIUsage } from './convert-openai-usage.js';
import { convertResponsesResponse } from './convert-responses-response.js';
import { createResponsesStreamConverter } from './convert-responses-stream.js';
import { createOpenAIStreamConverter } from './convert-openai-stream.js';
import { convertToOpenAIRequest } from './convert-to-openai-request.js';
import { openAIContinuation } from './openai-continuation.js';
import { createOpenAIError } from './openai-error.js';
import { resolveQuirks, type OpenAIQuirks } from './openai-quirks.js';
import type { UpstreamAdapterConfig } from '../shared/upstream-adapter-config.js';

const RESPONSES_PATH = '/responses';

/** Configuration of one OpenAI-format provider. */
export interface OpenAIAdapterConfig extends UpstreamAdapterConfig {
  /** Reported type; `openai` unless a wrapper (openai-compatible) says otherwise. */
  type?: string;
  /** Base URL including `/v1`, as the OpenAI SDK takes it; `/chat/completions` is appended. */
  baseUrl: string;
  quirks?: OpenAIQuirks;
  /** Path and query of the chat endpoint for a model, after `baseUrl`; default `/chat/completions` (Azure's deployments put the model in the path). */
  chatPath?: (model: string) => string;
  /**
   * The authentication headers of one attempt; default `Authorization: Bearer` with the attempt's
   * key. Azure OpenAI replaces it (its `api-key` header, or a Microsoft Entra ID token).
   * Rejects with a GatewayError when no credential can be had.
   */
  authenticate?: (attempt: AttemptContext, target: TargetRef) => Promise<Record<string, string>>;
}

/**
 * Creates the adapter for OpenAI Chat Completions (and, with quirks, servers that copy it).
 * Same-format passthrough sends the client's body with only `model` replaced; everything else
 * is translated from the canonical request. The client's own key is never forwarded: only the
 * attempt's credential, as `Authorization: Bearer`.
 *
 * @example
 * const adapter = createOpenAIAdapter({ id: 'openai', baseUrl: 'https://api.openai.com/v1' });
 */
export function createOpenAIAdapter(config: OpenAIAdapterConfig): ProviderAdapter {
  const quirks = resolveQuirks(config.quirks);
  const timeouts: UpstreamTimeouts = { ...DEFAULT_TIMEOUTS, ...config.timeouts };
  const client = createUpstreamClient({ baseUrl: config.baseUrl, timeouts });
  const limits = config.limits ?? DEFAULT_UPSTREAM_LIMITS;
  const configuredHeaders = Object.fromEntries(Object.entries(config.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const prefillRefusals = new PrefillRefusals();

  const adapter: ProviderAdapter = {
    id: config.id,
    type: config.type ?? 'openai',
    wireFormat: 'openai',
    passthroughFormats: quirks.responsesApi ? ['openai-responses'] : [],

    async doGenerate(request: CanonicalRequest, attempt: AttemptContext): Promise<GenerateResult> {
      const target = targetRef(adapter, attempt);
      const responses = responsesPassthrough(attempt);
      if (responses) return generateResponses(responses, attempt, target);
      const body = bodyFor(request, attempt, false);
      const upstream = await post(body, attempt, target);
      let text: string;
      try {
        text = await readBodyText(upstream, { maxBytes: limits.maxResponseBytes, target });
      } catch (error) {
        throw mapTransportError(error, { target, timeouts, signal: attempt.signal });
      }
      const headers = pickForwardableHeaders(upstream.headers);
      if (attempt.rawFrames) {
        // The client gets these bytes as they are: checked now, converted only if someone asks.
        const completion = readOpenAIResponse(text, { target });
        return new LazyGenerateResult(() => convertChatCompletion(completion, { requestedModel: attempt.model }), headers, text, convertOpenAIUsage(completion.usage));
      }
      return { response: convertOpenAIResponse(text, { requestedModel: attempt.model, target }), headers };
    },

    async doStream(request: CanonicalRequest, attempt: AttemptContext): Promise<StreamResult> {
      const target = targetRef(adapter, attempt);
      const responses = responsesPassthrough(attempt);
      const withRawFrames = attempt.rawFrames === true;
      const started = (upstream: UpstreamResponse) => {
        limitStreamDuration(upstream.body, timeouts.streamMaxMs, target);
        return {
        stream: streamParts(upstream, { target, signal: attempt.signal, withRawFrames, malformedEvents: attempt.malformedEvents, responses: responses !== undefined }),
        headers: pickForwardableHeaders(upstream.headers),
        };
      };
      if (responses) return started(await post({ ...responses.body, model: attempt.model }, attempt, target, RESPONSES_PATH));
      if (!attempt.continuation) return started(await post(bodyFor(request, attempt, true), attempt, target));
      const { value: upstream, method } = await prefillRefusals.send(attempt.model, quirks.assistantPrefill !== 'none', (using) => post(bodyFor(request, attempt, true, using), attempt, target));
      return { ...started(upstream), continuation: method };
    },

    close: () => client.close(),
  };

  /**
   * The client's Responses API request when it goes to this server's /responses untouched: the
   * quirk is on and this is not a continuation (those are asked over Chat Completions, which can
   * take the cut answer as a prefill or an instruction).
   */
  function responsesPassthrough(attempt: AttemptContext): InboundPassthrough | undefined {
    return attempt.passthrough?.format === 'openai-responses' && quirks.responsesApi && !attempt.continuation ? attempt.passthrough : undefined;
  }

  async function generateResponses(passthrough: InboundPassthrough, attempt: AttemptContext, target: TargetRef): Promise<GenerateResult> {
    const upstream = await post({ ...passthrough.body, model: attempt.model }, attempt, target, RESPONSES_PATH);
    let text: string;
    try {
      text = await readBodyText(upstream, { maxBytes: limits.maxResponseBytes, target });
    } catch (error) {
      throw mapTransportError(error, { target, timeouts, signal: attempt.signal });
    }
    return { response: convertResponsesResponse(text, { requestedModel: attempt.model, target }), headers: pickForwardableHeaders(upstream.headers), rawBody: text };
  }

  /**
   * The client's body on passthrough (only `model` replaced; its raw bytes when the handler kept
   * them), else the translated request; plus any continuation.
   */
  function bodyFor(request: CanonicalRequest, attempt: AttemptContext, stream: boolean, continuation: ContinuationMethod = 'instruction'): Record<string, unknown> | RawRequestBody {
    const passthrough = attempt.passthrough?.format === 'openai' ? attempt.passthrough : undefined;
    const bytes = passthrough && !attempt.continuation ? passthroughBytes(passthrough, attempt.model) : undefined;
    if (bytes !== undefined) return bytes;
    const body = passthrough ? { ...passthrough.body, model: attempt.model } : convertToOpenAIRequest(request, { model: attempt.model, quirks, stream });
    if (!attempt.continuation) return body;
    return openAIContinuation(body, attempt.continuation.assistantText, continuation === 'prefill' ? quirks.assistantPrefill : 'none');
  }

  const chatPath = config.chatPath ?? (() => '/chat/completions');

  async function authHeaders(attempt: AttemptContext, target: TargetRef): Promise<Record<string, string>> {
    if (config.authenticate) return { ...configuredHeaders, ...(await config.authenticate(attempt, target)) };
    if (attempt.credential) return { ...configuredHeaders, authorization: `Bearer ${attempt.credential.secret}` };
    if (quirks.requireKey) {
      throw new UpstreamHttpError({ status: 401, failureClass: 'auth', providerMessage: `no API key is configured for provider ${config.id}`, target });
    }
    return configuredHeaders;
  }

  /** POSTs to the chat endpoint (or `path`: the Responses API's); resolves on 2xx, throws the provider's error otherwise. */
  async function post(body: Record<string, unknown> | RawRequestBody, attempt: AttemptContext, target: TargetRef, path?: string): Promise<UpstreamResponse> {
    const text = isRawRequestBody(body) ? body : JSON.stringify(body);
    const upstream = await client.postJson(path ?? chatPath(attempt.model), { headers: await authHeaders(attempt, target), body: text, signal: attempt.signal, target });
    if (upstream.status >= 200 && upstream.status < 300) return upstream;
    let bodyText = '';
    try {
      bodyText = await readErrorBodyText(upstream, limits.maxErrorBodyBytes);
    } catch {
      // The status alone still classifies the failure.
    }
    throw createOpenAIError({ status: upstream.status, headers: upstream.headers, bodyText, target });
  }

  /** Upstream SSE → canonical parts (raw frames before them on passthrough), see readJsonFrameStream. */
  function streamParts(
    upstream: UpstreamResponse,
    options: { target: TargetRef; signal: AbortSignal; withRawFrames: boolean; malformedEvents: AttemptContext['malformedEvents']; responses: boolean },
  ): AsyncIterableIterator<StreamPart[]> {
    const converterOptions = { target: options.target, malformedEvents: options.malformedEvents };
    const converter = options.responses ? createResponsesStreamConverter(converterOptions) : createOpenAIStreamConverter(converterOptions);
    return readJsonFrameStream(upstream, converter, {
      target: options.target,
      signal: options.signal,
      timeouts,
      maxEventBytes: limits.maxSseEventBytes,
      rawFormat: options.withRawFrames ? (options.responses ? 'openai-responses' : 'openai') : undefined,
      // After [DONE] the rest of the body is drained in the background while the client's stream ends at once.
      drainAfterClose: true,
    });
  }

  return adapter;
}
