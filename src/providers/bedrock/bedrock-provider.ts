import { z } from 'zod';
import { ConfigError } from '../../errors/index.js';
import { describeProvider } from '../provider-description.js';
import { bedrockCredentialEntries } from './bedrock-api-keys.js';
import type { AwsSettings } from './bedrock-credentials.js';
import { lazyModule } from '../shared/lazy-module.js';

// Loaded only when the configuration has a provider of this type (registry.ts loadProviderTypes).
const adapterModule = lazyModule('Bedrock adapter', () => import('./bedrock-adapter.js'));

const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * Claude on Amazon Bedrock: what the registry and the rest of Lifeline know of type `bedrock`.
 * It signs with AWS credentials (static keys, a profile, or the default chain), or sends Bedrock
 * API keys (`keys`, `api_key`, `AWS_BEARER_TOKEN_BEDROCK`) as bearer tokens; builds its endpoint
 * from `region`, and sends Bedrock's model ids (`anthropic.claude-…`).
 */
export const bedrockProvider = describeProvider({
  load: adapterModule.load,
  keyRequired: false,
  claudeCloud: 'bedrock',
  secretSettings: ['secret_access_key', 'session_token', 'api_key'],
  settings: {
    /** The AWS region (`us-east-1`): names the endpoint and signs requests. Vertex shares the key, so its format is checked below. */
    region: z.string().min(1).optional(),
    /** Replaces `https://bedrock-runtime.REGION.amazonaws.com`, as the AWS SDKs' endpoint override does. */
    endpoint: z.url({ error: 'expected a URL such as https://bedrock-runtime.us-east-1.amazonaws.com' }).optional(),
    /** The shared config/credentials profile to read credentials from (default: the chain's own choice). */
    profile: z.string().min(1).optional(),
    /** A Bedrock API key, sent as `Authorization: Bearer` instead of signing (several: `keys`). */
    api_key: z.string().min(1).optional(),
    /** Static credentials, instead of the AWS credential chain. */
    access_key_id: z.string().min(1).optional(),
    secret_access_key: z.string().min(1).optional(),
    session_token: z.string().min(1).optional(),
    /** Which API models go to: `auto` (Claude to InvokeModel, others to Converse), `invoke` or `converse` for all. */
    api: z.enum(['auto', 'invoke', 'converse']).optional(),
    /** max_tokens for translated requests that set none. */
    default_max_tokens: z.number().int().positive().optional(),
  },
  checkSettings: (settings) => {
    const issues: Array<{ key: string; message: string }> = [];
    if (settings.region === undefined) issues.push({ key: 'region', message: 'required for type bedrock' });
    else if (!AWS_REGION.test(settings.region)) issues.push({ key: 'region', message: 'expected an AWS region such as us-east-1' });
    if ((settings.access_key_id === undefined) !== (settings.secret_access_key === undefined)) {
      issues.push({ key: settings.access_key_id === undefined ? 'access_key_id' : 'secret_access_key', message: 'access_key_id and secret_access_key go together' });
    }
    if (settings.session_token !== undefined && settings.access_key_id === undefined) issues.push({ key: 'session_token', message: 'a session token needs access_key_id and secret_access_key' });
    if (settings.profile !== undefined && settings.access_key_id !== undefined) issues.push({ key: 'profile', message: 'set either profile or static keys, not both' });
    if (settings.api_key !== undefined && (settings.access_key_id !== undefined || settings.profile !== undefined)) {
      issues.push({ key: 'api_key', message: 'a Bedrock API key replaces AWS keys and profiles: set one or the other' });
    }
    return issues;
  },
  defaultBaseUrl: (settings) => settings.endpoint ?? (settings.region ? `https://bedrock-runtime.${settings.region}.amazonaws.com` : undefined),
  credentials: (settings, keys) => bedrockCredentialEntries(settings, keys),
  describeSettings: (settings) => [settings.region ? `region=${settings.region}` : '', settings.profile ? `profile=${settings.profile}` : '', settings.api && settings.api !== 'auto' ? `api=${settings.api}` : ''].filter(Boolean).join(' '),
  create: (provider, settings, common) => {
    if (!settings.region) throw new ConfigError(`providers.${provider.name}.region: required for type bedrock`);
    return adapterModule.get().createBedrockAdapter({ ...common, aws: awsSettings(settings, settings.region), ...(settings.default_max_tokens ? { defaultMaxTokens: settings.default_max_tokens } : {}), ...(settings.api ? { api: settings.api } : {}) });
  },
});

function awsSettings(settings: { profile?: string | undefined; access_key_id?: string | undefined; secret_access_key?: string | undefined; session_token?: string | undefined }, region: string): AwsSettings {
  return {
    region,
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.access_key_id ? { accessKeyId: settings.access_key_id } : {}),
    ...(settings.secret_access_key ? { secretAccessKey: settings.secret_access_key } : {}),
    ...(settings.session_token ? { sessionToken: settings.session_token } : {}),
  };
}
