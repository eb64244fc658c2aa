import { UpstreamHttpError, UpstreamResponseError, type TargetRef } from '../../errors/index.js';
import type { AttemptContext } from '../provider-adapter.js';
import { mapTransportError } from '../shared/map-transport-error.js';
import { readBodyText, readErrorBodyText } from '../shared/read-body-text.js';
import { DEFAULT_TIMEOUTS, type UpstreamResponse, type UpstreamTimeouts, createUpstreamClient } from '../shared/upstream-client.js';
import { DEFAULT_UPSTREAM_LIMITS, type UpstreamLimits } from '../shared/upstream-limits.js';
import { bedrockCredentials, type AwsChainFiles, type AwsSettings, type BedrockCredentials } from './bedrock-credentials.js';
import { createBedrockError } from './bedrock-error.js';
import { createBedrockSigner } from './sign-bedrock-request.js';
import type { UpstreamAdapterConfig } from '../shared/upstream-adapter-config.js';

/** The Bedrock Runtime operations Lifeline calls, by their path's last segment. */
export type BedrockAction = 'invoke' | 'invoke-with-response-stream' | 'converse' | 'converse-stream' | 'count-tokens';

/** What a Bedrock transport is built from (a subset of the adapter's configuration). */
export interface BedrockTransportConfig extends Omit<UpstreamAdapterConfig, 'id'> {
  /** `https://bedrock-runtime.REGION.amazonaws.com`, or the configured `endpoint`. */
  baseUrl: string;
  aws: AwsSettings;
  /** Extra headers sent (and signed) on every request. */
  headers?: Record<string, string>;
  /** Tests only: where the AWS chain reads its shared files. */
  chainFiles?: AwsChainFiles;
  /** Tests only: credentials from elsewhere than the configuration or the chain. */
  credentials?: BedrockCredentials;
}

/** Signed POSTs to Bedrock Runtime, shared by the InvokeModel and Converse paths of one provider. */
export interface BedrockTransport {
  readonly timeouts: UpstreamTimeouts;
  readonly limits: UpstreamLimits;
  /** POSTs `body` to `/model/{model}/{action}`; resolves with a 2xx answer, rejects with a classified error. */
  post(action: BedrockAction, body: Record<string, unknown>, attempt: AttemptContext, target: TargetRef): Promise<UpstreamResponse>;
  /** The whole body of a 2xx answer, as text. */
  readText(response: UpstreamResponse, attempt: AttemptContext, target: TargetRef): Promise<string>;
  /** The whole body of a 2xx answer of `operation`, parsed and checked against `schema`; an UpstreamResponseError otherwise. */
  readJson<T>(response: UpstreamResponse, attempt: AttemptContext, target: TargetRef, operation: string, schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }): Promise<T>;
  close(): Promise<void>;
}

const STREAMS: ReadonlySet<BedrockAction> = new Set(['invoke-with-response-stream', 'converse-stream']);

/**
 * Bedrock Runtime over one connection pool: each request sent with the attempt's Bedrock API key
 * (`Authorization: Bearer`) when its credential has one, else signed with SigV4 from the
 * configured keys or the AWS chain. Expired session credentials are fetched again from the chain once per
 * request, when Bedrock says they expired before the chain thought they would.
 */
export function createBedrockTransport(config: BedrockTransportConfig): BedrockTransport {
  const timeouts: UpstreamTimeouts = { ...DEFAULT_TIMEOUTS, ...config.timeouts };
  const client = createUpstreamClient({ baseUrl: config.baseUrl, timeouts });
  const base = new URL(config.baseUrl);
  const pathPrefix = base.pathname.replace(/\/+$/, '');
  const limits = config.limits ?? DEFAULT_UPSTREAM_LIMITS;
  const credentials = config.credentials ?? bedrockCredentials(config.aws, config.chainFiles);
  const sign = createBedrockSigner(config.aws.region);
  const configuredHeaders = Object.fromEntries(Object.entries(config.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));

  async function post(action: BedrockAction, body: Record<string, unknown>, attempt: AttemptContext, target: TargetRef): Promise<UpstreamResponse> {
    const path = `/model/${encodeURIComponent(attempt.model)}/${action}`;
    const text = JSON.stringify(body);
    const headers = { ...configuredHeaders, 'content-type': 'application/json', accept: STREAMS.has(action) ? 'application/vnd.amazon.eventstream' : 'application/json' };
    // A Bedrock API key is the credential itself; anything else is signed.
    const apiKey = attempt.credential?.secret;
    const send = async (forceRefresh: boolean) => {
      if (apiKey) return client.postJson(path, { headers: { ...headers, authorization: `Bearer ${apiKey}` }, body: text, signal: attempt.signal, target });
      const identity = await credentials.get({ forceRefresh }).catch((cause: unknown) => {
        // The chain found nothing usable: this credential cannot serve, like a missing key.
        throw new UpstreamHttpError({ status: 401, failureClass: 'auth', providerErrorType: 'CredentialsProviderError', providerMessage: `no AWS credentials: ${describe(cause)}`, target });
      });
      const signed = await sign({ host: base.host, path: pathPrefix + path, headers, body: text }, identity);
      return client.postJson(path, { headers: signed, body: text, signal: attempt.signal, target });
    };
    let response = await send(false);
    if (response.status === 403 && !apiKey && credentials.refreshable && response.headers['x-amzn-errortype']?.startsWith('ExpiredToken')) {
      await response.body.dump().catch(() => undefined);
      response = await send(true);
    }
    if (response.status >= 200 && response.status < 300) return response;
    const bodyText = await readErrorBodyText(response, limits.maxErrorBodyBytes).catch(() => '');
    throw createBedrockError({ status: response.status, headers: response.headers, bodyText, target });
  }

  async function readText(response: UpstreamResponse, attempt: AttemptContext, target: TargetRef): Promise<string> {
    try {
      return await readBodyText(response, { maxBytes: limits.maxResponseBytes, target });
    } catch (error) {
      throw mapTransportError(error, { target, timeouts, signal: attempt.signal });
    }
  }

  async function readJson<T>(response: UpstreamResponse, attempt: AttemptContext, target: TargetRef, operation: string, schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }): Promise<T> {
    const text = await readText(response, attempt, target);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw new UpstreamResponseError(`Bedrock answered ${operation} 2xx with a body that is not JSON`, { target, cause });
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new UpstreamResponseError(`Bedrock answered ${operation} 2xx with a body of an unexpected shape`, { target });
    return parsed.data;
  }

  return { timeouts, limits, post, readText, readJson, close: () => client.close() };
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message.split('\n')[0]! : String(cause);
}
