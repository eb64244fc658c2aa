import type { CanonicalRequest, CanonicalResponse } from '../../canonical/index.js';
import { UpstreamHttpError, UpstreamResponseError } from '../../errors/index.js';
import { anthropicMessageSchema } from '../anthropic/anthropic-api-schemas.js';
import { continueAnthropicRequest } from '../anthropic/anthropic-continuation.js';
import { convertAnthropicResponse } from '../anthropic/convert-anthropic-response.js';
import { convertAnthropicStream } from '../anthropic/convert-anthropic-stream.js';
import { convertToAnthropicRequest } from '../anthropic/convert-to-anthropic-request.js';
import { readMessage } from '../anthropic/read-message.js';
import { stripUnsignedThinking } from '../anthropic/strip-unsigned-thinking.js';
import { type AttemptContext, type ContinuationMethod, type GenerateResult, type ProviderAdapter, type StreamResult, type UpstreamHeaders, targetRef } from '../provider-adapter.js';
import { pickForwardableHeaders } from '../shared/forwardable-headers.js';
import { limitStreamDuration } from '../shared/limit-stream-duration.js';
import { mapTransportError } from '../shared/map-transport-error.js';
import { PrefillRefusals } from '../shared/prefill-refusals.js';
import type { UpstreamResponse } from '../shared/upstream-client.js';
import { bedrockApiFor, type BedrockApi } from './bedrock-api.js';
import { toBedrockBody } from './bedrock-body.js';
import { bedrockCountsTokensFor, countTokensBody } from './bedrock-count-tokens.js';
import { countTokensResponseSchema } from './converse-api-schemas.js';
import { createBedrockTransport, type BedrockTransportConfig } from './bedrock-transport.js';
import { createConverseCalls } from './converse-adapter.js';
import { readBedrockEventStream } from './read-bedrock-event-stream.js';
import { withoutUnverifiableThinking, isThinkingSignatureRejection } from './thinking-signatures.js';

/** Configuration of one Bedrock provider: its transport's (endpoint, AWS settings, headers, limits) and these. */
export interface BedrockAdapterConfig extends BedrockTransportConfig {
  id: string;
  /** `max_tokens` for translated requests that set none. Default 4096. */
  defaultMaxTokens?: number;
  /** Which API each model goes to (see bedrock-api.ts). Default `auto`. */
  api?: BedrockApi;
}

/**
 * Amazon Bedrock: Claude through InvokeModel and InvokeModelWithResponseStream with the Anthropic
 * Messages body (see toBedrockBody), other models through Converse (converse-adapter.ts; which
 * model goes where: bedrock-api.ts), signed with SigV4 from the configured keys or the AWS
 * chain. InvokeModel's binary event-stream frames are decoded into Anthropic events, so the
 * Anthropic converter and passthrough to Anthropic clients work unchanged. The wire format is
 * Anthropic's: a Converse model simply never answers with passthrough bytes, so its answers are
 * rendered from canonical. A thinking signature Bedrock cannot verify
 * is dropped with its block and the request sent once more (see thinking-signatures.ts).
 * @example createBedrockAdapter({ id: 'bedrock', baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com', aws: { region: 'us-east-1' } })
 */
export function createBedrockAdapter(config: BedrockAdapterConfig): ProviderAdapter {
  const transport = createBedrockTransport(config);
  const defaultMaxTokens = config.defaultMaxTokens ?? 4096;
  const api = config.api ?? 'auto';
  const prefillRefusals = new PrefillRefusals();
  const converse = createConverseCalls(transport);
  const usesConverse = (attempt: AttemptContext) => bedrockApiFor(attempt.model, api) === 'converse';

  function bodyFor(request: CanonicalRequest, attempt: AttemptContext, method: ContinuationMethod = 'prefill'): Record<string, unknown> {
    const passthrough = attempt.passthrough?.format === 'anthropic' ? attempt.passthrough : undefined;
    const anthropicBody = passthrough
      ? stripUnsignedThinking(passthrough.body)
      : convertToAnthropicRequest({ ...request, stream: false }, { model: attempt.model, defaultMaxTokens, anthropicVersion: '2023-06-01' });
    const continued = attempt.continuation ? continueAnthropicRequest(anthropicBody, attempt.continuation.assistantText, method) : anthropicBody;
    return toBedrockBody(continued, passthrough?.headers['anthropic-beta']);
  }

  const invoke = (action: 'invoke' | 'invoke-with-response-stream', body: Record<string, unknown>, attempt: AttemptContext): Promise<UpstreamResponse> =>
    transport.post(action, body, attempt, targetRef(adapter, attempt));

  /** Sends, and once more without the thinking blocks Bedrock could not verify when it says so. */
  async function invokeVerified(action: 'invoke' | 'invoke-with-response-stream', body: Record<string, unknown>, attempt: AttemptContext): Promise<UpstreamResponse> {
    try {
      return await invoke(action, body, attempt);
    } catch (error) {
      if (!isThinkingSignatureRejection(error)) throw error;
      return invoke(action, withoutUnverifiableThinking(body), attempt);
    }
  }

  const adapter: ProviderAdapter = {
    id: config.id,
    type: 'bedrock',
    wireFormat: 'anthropic',

    async doGenerate(request, attempt): Promise<GenerateResult> {
      if (usesConverse(attempt)) return converse.doGenerate(request, attempt, targetRef(adapter, attempt));
      const response = await invokeVerified('invoke', bodyFor(request, attempt), attempt);
      const text = await transport.readText(response, attempt, targetRef(adapter, attempt));
      let message: ReturnType<typeof anthropicMessageSchema.parse>;
      try {
        const value = JSON.parse(text) as unknown;
        message = readMessage(value) ?? anthropicMessageSchema.parse(value);
      } catch (cause) {
        throw new UpstreamResponseError('Bedrock answered 2xx with a body that is not a Claude message', { target: targetRef(adapter, attempt), cause });
      }
      const converted: CanonicalResponse = convertAnthropicResponse(message);
      const headers = pickForwardableHeaders(response.headers);
      return attempt.rawFrames ? { response: converted, headers, rawBody: text } : { response: converted, headers };
    },

    async doStream(request, attempt): Promise<StreamResult> {
      if (usesConverse(attempt)) return converse.doStream(request, attempt, targetRef(adapter, attempt));
      const send = (method: ContinuationMethod) => invokeVerified('invoke-with-response-stream', bodyFor(request, attempt, method), attempt);
      const { value: response, method } = attempt.continuation ? await prefillRefusals.send(attempt.model, true, send) : { value: await send('prefill'), method: undefined };
      const target = targetRef(adapter, attempt);
      limitStreamDuration(response.body, transport.timeouts.streamMaxMs, target);
      return {
        ...(method ? { continuation: method } : {}),
        stream: convertAnthropicStream(readBedrockEventStream(response.body, { maxEventBytes: transport.limits.maxSseEventBytes, target }), {
          passthrough: attempt.rawFrames === true,
          target,
          mapReadError: (error) => (error instanceof UpstreamHttpError || error instanceof UpstreamResponseError ? error : mapTransportError(error, { target, timeouts: transport.timeouts, signal: attempt.signal })),
          abandon: () => response.body.destroy(),
          malformedEvents: attempt.malformedEvents,
        }),
        headers: pickForwardableHeaders(response.headers),
      };
    },

    countsTokensFor: bedrockCountsTokensFor,

    async doCountTokens(request, attempt): Promise<{ inputTokens: number; headers: UpstreamHeaders }> {
      const target = targetRef(adapter, attempt);
      const body = countTokensBody(usesConverse(attempt) ? { converse: converse.body(request, attempt) } : { invokeModel: bodyFor(request, attempt), defaultMaxTokens });
      const response = await transport.post('count-tokens', body, attempt, target);
      const counted = await transport.readJson(response, attempt, target, 'CountTokens', countTokensResponseSchema);
      return { inputTokens: counted.inputTokens, headers: pickForwardableHeaders(response.headers) };
    },

    close: () => transport.close(),
  };
  return adapter;
}
