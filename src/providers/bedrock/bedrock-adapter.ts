import type { CanonicalRequest, CanonicalResponse } from '../../canonical/index.js';
import { UpstreamHttpError, UpstreamResponseError } from '../../errors/index.js';
import { anthropicMessageSchema } from '../anthropic/anthropic-api-schemas.js';
import { continueAnthropicRequest } from '../anthropic/anthropic-continuation.js';
import { convertAnthropicResponse } from '../anthropic/convert-anthropic-response.js';
import { convertAnthropicStream } from '../anthropic/convert-anthropic-stream.js';
import { convertToAnthropicRequest } from '../anthropic/convert-to-anthropic-request.js';
import { readMessage } from '../anthropic/read-message.js';
import { stripUnsignedThinking } from '../anthropic/strip-unsigned-thinking.js';
import { type AttemptContext, type ContinuationMethod, type GenerateResult, type ProviderAdapter, type StreamResult, targetRef } from '../provider-adapter.js';
import { pickForwardableHeaders } from '../shared/forwardable-headers.js';
import { limitStreamDuration } from '../shared/limit-stream-duration.js';
import { mapTransportError } from '../shared/map-transport-error.js';
import { PrefillRefusals } from '../shared/prefill-refusals.js';
import { readBodyText, readErrorBodyText } from '../shared/read-body-text.js';
import { DEFAULT_TIMEOUTS, type UpstreamResponse, type UpstreamTimeouts, createUpstreamClient } from '../shared/upstream-client.js';
import { DEFAULT_UPSTREAM_LIMITS } from '../shared/upstream-limits.js';
import { toBedrockBody } from './bedrock-body.js';
import { bedrockCredentials, type AwsChainFiles, type AwsSettings, type BedrockCredentials } from './bedrock-credentials.js';
import { createBedrockError } from './bedrock-error.js';
import { readBedrockEventStream } from './read-bedrock-event-stream.js';
import { createBedrockSigner } from './sign-bedrock-request.js';
import { withoutUnverifiableThinking, isThinkingSignatureRejection } from './thinking-signatures.js';
import type { UpstreamAdapterConfig } from '../shared/upstream-adapter-config.js';

/** Configuration of one Bedrock provider. */
export interface BedrockAdapterConfig extends UpstreamAdapterConfig {
  /** `https://bedrock-runtime.REGION.amazonaws.com`, or the configured `endpoint`. */
  baseUrl: string;
  aws: AwsSettings;
  /** Extra headers sent (and signed) on every request. */
  headers?: Record<string, string>;
  /** `max_tokens` for translated requests that set none. Default 4096. */
  defaultMaxTokens?: number;
  /** Tests only: where the AWS chain reads its shared files. */
  chainFiles?: AwsChainFiles;
  /** Tests only: credentials from elsewhere than the configuration or the chain. */
  credentials?: BedrockCredentials;
}

/**
 * Claude on Amazon Bedrock: InvokeModel and InvokeModelWithResponseStream with the Anthropic
 * Messages body (see toBedrockBody), signed with SigV4 from the configured keys or the AWS
 * chain. The stream's binary event-stream frames are decoded into Anthropic events, so the
 * Anthropic converter and passthrough to Anthropic clients work unchanged. Expired credentials
 * are fetched again from the chain once per request; a thinking signature Bedrock cannot verify
 * is dropped with its block and the request sent once more (see thinking-signatures.ts).
 * @example createBedrockAdapter({ id: 'bedrock', baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com', aws: { region: 'us-east-1' } })
 */
export function createBedrockAdapter(config: BedrockAdapterConfig): ProviderAdapter {
  const timeouts: UpstreamTimeouts = { ...DEFAULT_TIMEOUTS, ...config.timeouts };
  const client = createUpstreamClient({ baseUrl: config.baseUrl, timeouts });
  const base = new URL(config.baseUrl);
  const pathPrefix = base.pathname.replace(/\/+$/, '');
  const limits = config.limits ?? DEFAULT_UPSTREAM_LIMITS;
  const defaultMaxTokens = config.defaultMaxTokens ?? 4096;
  const credentials = config.credentials ?? bedrockCredentials(config.aws, config.chainFiles);
  const sign = createBedrockSigner(config.aws.region);
  const configuredHeaders = Object.fromEntries(Object.entries(config.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const prefillRefusals = new PrefillRefusals();

  function bodyFor(request: CanonicalRequest, attempt: AttemptContext, method: ContinuationMethod = 'prefill'): Record<string, unknown> {
    const passthrough = attempt.passthrough?.format === 'anthropic' ? attempt.passthrough : undefined;
    const anthropicBody = passthrough
      ? stripUnsignedThinking(passthrough.body)
      : convertToAnthropicRequest({ ...request, stream: false }, { model: attempt.model, defaultMaxTokens, anthropicVersion: '2023-06-01' });
    const continued = attempt.continuation ? continueAnthropicRequest(anthropicBody, attempt.continuation.assistantText, method) : anthropicBody;
    return toBedrockBody(continued, passthrough?.headers['anthropic-beta']);
  }

  async function invoke(action: 'invoke' | 'invoke-with-response-stream', body: Record<string, unknown>, attempt: AttemptContext): Promise<UpstreamResponse> {
    const target = targetRef(adapter, attempt);
    const path = `/model/${encodeURIComponent(attempt.model)}/${action}`;
    const text = JSON.stringify(body);
    const send = async (forceRefresh: boolean) => {
      const identity = await credentials.get({ forceRefresh }).catch((cause: unknown) => {
        // The chain found nothing usable: this credential cannot serve, like a missing key.
        throw new UpstreamHttpError({ status: 401, failureClass: 'auth', providerErrorType: 'CredentialsProviderError', providerMessage: `no AWS credentials: ${describe(cause)}`, target });
      });
      const headers = await sign(
        {
          host: base.host,
          path: pathPrefix + path,
          headers: { ...configuredHeaders, 'content-type': 'application/json', accept: action === 'invoke' ? 'application/json' : 'application/vnd.amazon.eventstream' },
          body: text,
        },
        identity,
      );
      return client.postJson(path, { headers, body: text, signal: attempt.signal, target });
    };
    let response = await send(false);
    if (response.status === 403 && credentials.refreshable && response.headers['x-amzn-errortype']?.startsWith('ExpiredToken')) {
      // Session credentials expired before the chain thought they would: ask it for new ones, once.
      await response.body.dump().catch(() => undefined);
      response = await send(true);
    }
    if (response.status >= 200 && response.status < 300) return response;
    const bodyText = await readErrorBodyText(response, limits.maxErrorBodyBytes).catch(() => '');
    throw createBedrockError({ status: response.status, headers: response.headers, bodyText, target });
  }

  /** Sends, and once more without the thinking blocks Bedrock could not verify when it says so. */
  async function invokeVerified(action: 'invoke' | 'invoke-with-response-stream', body: Record<string, unknown>, attempt: AttemptContext): Promise<UpstreamResponse> {
    try {
      return await invoke(action, body, attempt);
    } catch (error) {
      if (!isThinkingSignatureRejection(error)) throw error;
      return invoke(action, withoutUnverifiableThinking(body), attempt);
    }
  }

  async function readText(response: UpstreamResponse, attempt: AttemptContext): Promise<string> {
    try {
      return await readBodyText(response, { maxBytes: limits.maxResponseBytes, target: targetRef(adapter, attempt) });
    } catch (error) {
      throw mapTransportError(error, { target: targetRef(adapter, attempt), timeouts, signal: attempt.signal });
    }
  }

  const adapter: ProviderAdapter = {
    id: config.id,
    type: 'bedrock',
    wireFormat: 'anthropic',

    async doGenerate(request, attempt): Promise<GenerateResult> {
      const response = await invokeVerified('invoke', bodyFor(request, attempt), attempt);
      const text = await readText(response, attempt);
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
      const send = (method: ContinuationMethod) => invokeVerified('invoke-with-response-stream', bodyFor(request, attempt, method), attempt);
      const { value: response, method } = attempt.continuation ? await prefillRefusals.send(attempt.model, true, send) : { value: await send('prefill'), method: undefined };
      const target = targetRef(adapter, attempt);
      limitStreamDuration(response.body, timeouts.streamMaxMs, target);
      return {
        ...(method ? { continuation: method } : {}),
        stream: convertAnthropicStream(readBedrockEventStream(response.body, { maxEventBytes: limits.maxSseEventBytes, target }), {
          passthrough: attempt.rawFrames === true,
          target,
          mapReadError: (error) => (error instanceof UpstreamHttpError || error instanceof UpstreamResponseError ? error : mapTransportError(error, { target, timeouts, signal: attempt.signal })),
          abandon: () => response.body.destroy(),
          malformedEvents: attempt.malformedEvents,
        }),
        headers: pickForwardableHeaders(response.headers),
      };
    },

    close: () => client.close(),
  };
  return adapter;
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message.split('\n')[0]! : String(cause);
}
